// Small iproute2/nft/sysctl helpers for the WAN lab. Every command runs inside a lab namespace; none of
// them may touch the root namespace, so they refuse a node without one.
import { run, type RunResult } from "./exec";
import type { LabNode } from "./lab";

function namespaceOf(node: LabNode): string {
  if (!node.namespace) throw new Error(`wan lab: refusing to configure the root namespace (${node.role})`);
  return node.namespace;
}

/** Runs iproute2 commands in the node's namespace with one process (`ip -n <ns> -batch -`). */
export async function ipBatch(node: LabNode, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  await run(["ip", "-n", namespaceOf(node), "-batch", "-"], { input: `${lines.join("\n")}\n` });
}

/** One `ip` command in the node's namespace. */
export function ip(node: LabNode, args: readonly string[]): Promise<RunResult> {
  return run(["ip", "-n", namespaceOf(node), ...args]);
}

/**
 * The batch line that creates a veth pair from inside one namespace with its peer created directly in
 * `peer`'s namespace, so neither end ever exists in the root namespace. Both ends die with the namespaces.
 */
export function vethTo(ifname: string, peer: LabNode, peerIfname: string): string {
  return `link add name ${ifname} type veth peer name ${peerIfname} netns ${namespaceOf(peer)}`;
}

/** `addr add` + `link set up` lines for one interface. */
export function upWithAddress(ifname: string, cidr: string): string[] {
  return [`addr add ${cidr} dev ${ifname}`, `link set dev ${ifname} up`];
}

export async function sysctl(node: LabNode, settings: Record<string, string | number>): Promise<void> {
  const pairs = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  // Plain `ip netns exec` (not node.exec) so nodes with a private hostname don't pay for unshare.
  await run(["ip", "netns", "exec", namespaceOf(node), "sysctl", "-qw", ...pairs]);
}

/** Loads an nft script (one atomic transaction) in the node's namespace. */
export async function nft(node: LabNode, script: string): Promise<void> {
  await run(["ip", "netns", "exec", namespaceOf(node), "nft", "-f", "-"], { input: script });
}

/** `nft -j <args>` in the node's namespace, parsed. */
export async function nftJson(node: LabNode, args: readonly string[]): Promise<NftJson> {
  const { stdout } = await run(["ip", "netns", "exec", namespaceOf(node), "nft", "-j", ...args]);
  return JSON.parse(stdout) as NftJson;
}

export type NftJson = { nftables: Record<string, unknown>[] };
export type NftCounter = { packets: number; bytes: number };
