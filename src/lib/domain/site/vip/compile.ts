import type { PlanWarning } from "../../plan";
import { ZLinuxInterfaceName } from "../../network";
import type { SiteDevice } from "../compile";
import type { ServiceCheck, SharedVipSite, VipNode } from "../intent";
import type { SitePlan, VipNodePlan } from "../member-plan";
import { multicastMacOf, vipPaths, vipTableName } from "./layout";
import { bucketsOf } from "./rendezvous";
import { heartbeatConfig, tableFile } from "./render";

// A shared-VIP site → one plan per node (pure). A node that cannot take its plan (not Linux, no nftables, an
// interface it does not have or cannot name) gets a severity-error warning and a null plan, never a throw.

export function compileSharedVipSite(name: string, intent: SharedVipSite, devices: ReadonlyMap<string, SiteDevice>): SitePlan {
  const multicastMac = multicastMacOf(intent.vip);
  const allAlive = intent.members.map((m) => m.nodeId);
  const members = intent.members.map((node) => {
    const warnings = nodeProblems(node, devices.get(node.device));
    const plan: VipNodePlan | null = warnings.some((w) => w.severity === "error")
      ? null
      : {
          role: "vip-node",
          site: name,
          interface: node.interface,
          vip: intent.vip,
          prefixLength: intent.prefixLength,
          multicastMac,
          nodeId: node.nodeId,
          buckets: intent.buckets,
          ownedWhenAllAlive: bucketsOf(name, intent.buckets, allAlive, node.nodeId),
          files: [
            { path: vipPaths(name).tableFile, what: `nftables tables ip and arp ${vipTableName(name)}`, content: tableFile(name, intent, node, multicastMac) },
            { path: vipPaths(name).heartbeatConfig, what: "heartbeat daemon configuration", content: heartbeatConfig(name, intent, node) },
          ],
        };
    return { device: node.device, role: "vip-node" as const, plan, warnings };
  });
  return { site: name, kind: "shared-vip", members, meaning: meaningOf(name, intent, devices, multicastMac) };
}

function nodeProblems(node: VipNode, device: SiteDevice | undefined): PlanWarning[] {
  const error = (code: string, message: string): PlanWarning => ({ code, severity: "error", message });
  const label = device?.name ?? node.device;
  const problems: PlanWarning[] = [];
  if (!ZLinuxInterfaceName.safeParse(node.interface).success)
    problems.push(error("vip-interface-name", `${label}: "${node.interface}" is not a Linux interface name (1–15 letters, digits, . _ -)`));
  if (!device) return [...problems, error("vip-unknown-device", `${node.device}: no such device`)];
  const caps = device.capabilities;
  // Offline (not inspected): compiled as written; the push inspects and refuses what does not fit.
  if (caps === null) return problems;
  // Capabilities stored before inspections said which roles a host can take have none: judged by the firewall alone.
  const support = caps.siteRoles.find((r) => r.role === "vip-node");
  if (caps.firewall === "routeros") problems.push(error("vip-not-linux", `${label} is a MikroTik router; a shared virtual IP node must be a Linux server`));
  else if (caps.firewall !== "nftables")
    problems.push(error("vip-no-nftables", `${label} has no nftables (found ${caps.firewall}); a shared virtual IP needs nft`));
  else if (support && !support.available)
    problems.push(error("site-role-unavailable", `${label} cannot be a shared virtual IP node: ${support.why ?? "its inspection says no"}`));
  else if (!caps.interfaces.some((i) => i.name === node.interface)) problems.push(error("vip-no-interface", `${label} has no interface ${node.interface}`));
  return problems;
}

function meaningOf(name: string, intent: SharedVipSite, devices: ReadonlyMap<string, SiteDevice>, mac: string): string[] {
  const n = intent.members.length;
  const alive = intent.members.map((m) => m.nodeId);
  const label = (m: VipNode) => devices.get(m.device)?.name ?? m.device;
  const shares = intent.members.map(
    (m) => `${label(m)} (node ${m.nodeId}) answers ${bucketsOf(name, intent.buckets, alive, m.nodeId).length} of ${intent.buckets} buckets`,
  );
  const hb = intent.heartbeat;
  const lines = [
    `${n} nodes share ${intent.vip}/${intent.prefixLength} without a balancer: every node receives every packet (multicast MAC ${mac}) and keeps only the buckets it owns, a bucket being a hash of ${HASH_WORDS[intent.hash]}.`,
    `While all are alive: ${shares.join(", ")}.`,
    `A node unheard for ${hb.intervalMs * hb.deadAfter} ms (${hb.deadAfter} heartbeats of ${hb.intervalMs} ms on UDP ${hb.port}) loses its buckets to the others; the buckets of nodes still alive never move, and a returning node gets its own back.`,
  ];
  if (intent.check) lines.push(`A node whose own check fails (${checkWords(intent.check)}) stops its heartbeat and hands its buckets over the same way.`);
  lines.push(
    `Clients and routers on the segment learn ${intent.vip} at the multicast MAC ${mac}; one that refuses a multicast MAC in ARP needs a static neighbour entry for it.`,
  );
  return lines;
}

const HASH_WORDS: Record<SharedVipSite["hash"], string> = {
  source: "the client's address",
  "source-port": "the client's address and port",
  "source-port-dest-port": "the client's address and port and the destination port",
};

function checkWords(c: ServiceCheck): string {
  const what = c.type === "tcp" ? `a TCP connection to port ${c.port}` : `GET ${c.path} on port ${c.port} answering ${c.expectStatus}`;
  return `${what}, every ${c.intervalMs} ms, out after ${c.downCount} failures, back after ${c.upCount} successes`;
}
