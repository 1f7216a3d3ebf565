// A shared virtual IP on three real Linux nodes (lab/vip-lab.ts: namespaces on one bridge, OpenSSH, nftables, the
// heartbeat daemon), pushed through the Linux driver's applyMember as the dashboard does, with real traffic from
// 40 client addresses: UDP probes count who answers each client, long-lived TCP connections must never be reset
// on a node that stays up.
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVipLab, VIP_IF, type VipLab, type VipLabNode } from "../../../../../../lab/vip-lab";
import { sleep } from "../../../../../../lab/exec";
import { driverFor } from "@/lib/devices";
import type { LinuxTarget } from "@/lib/devices/driver";
import { compileSite } from "@/lib/domain/site/compile";
import { ZSiteIntent } from "@/lib/domain/site/intent";
import type { VipNodePlan } from "@/lib/domain/site/member-plan";

let lab: VipLab;
let plans: VipNodePlan[];
const hashOf = (plan: VipNodePlan) => createHash("sha256").update(JSON.stringify(plan)).digest("hex");

const targetOf = (node: VipLabNode): LinuxTarget => ({
  kind: "linux",
  host: node.host,
  port: node.port,
  username: lab.username,
  auth: { method: "key", privateKey: lab.privateKey },
  pinnedHostKey: node.hostKeyFingerprint,
});

let pushes = 0;
function apply(node: VipLabNode, plan: VipNodePlan) {
  return driverFor(targetOf(node)).applyMember(plan, {
    pushId: `vip${++pushes}${Date.now().toString(36)}`,
    planHash: hashOf(plan),
    lastAppliedHash: null,
    confirmWindowSec: 30,
    onProgress: () => {},
  });
}

/** Who answers each client now: name → the clients it answered. */
async function answers(): Promise<{ byClient: Record<string, string[]>; byNode: Record<string, string[]> }> {
  const byClient = await lab.probe(300);
  const byNode: Record<string, string[]> = {};
  for (const [client, nodes] of Object.entries(byClient)) for (const n of nodes) byNode[n] = [...(byNode[n] ?? []), client];
  return { byClient, byNode };
}

const everyoneOnce = (byClient: Record<string, string[]>) => Object.values(byClient).every((nodes) => nodes.length === 1);

/** Probes until `done` holds; returns the answers then and the milliseconds it took. */
async function until(done: (a: Awaited<ReturnType<typeof answers>>) => boolean, timeoutMs: number, what: string) {
  const started = Date.now();
  for (;;) {
    const a = await answers();
    if (done(a)) return { ...a, tookMs: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(a.byClient)}`);
  }
}

beforeAll(async () => {
  lab = await startVipLab({ label: "vip-test" });
  const intent = ZSiteIntent.parse({
    kind: "shared-vip",
    vip: lab.vip,
    prefixLength: lab.prefixLength,
    check: { type: "http", port: 80, path: "/", intervalMs: 200, timeoutMs: 150 },
    members: lab.nodes.map((n) => ({ device: n.name, role: "vip-node", interface: VIP_IF, address: n.address, nodeId: n.nodeId })),
  });
  const devices = new Map(lab.nodes.map((n) => [n.name, { id: n.name, name: n.name, capabilities: null }]));
  plans = compileSite("web", intent, devices).members.map((m) => m.plan as VipNodePlan);
  const outcomes = await Promise.all(lab.nodes.map((n, i) => apply(n, plans[i] as VipNodePlan)));
  expect(outcomes.map((o) => o.outcome)).toEqual(["confirmed", "confirmed", "confirmed"]);
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe("a shared virtual IP on three nodes", () => {
  it("answers every client from exactly one node, each node its share; a second push is unchanged", async () => {
    const { byClient, byNode } = await until((a) => everyoneOnce(a.byClient), 10_000, "every client answered once");
    expect(Object.keys(byClient)).toHaveLength(40);
    expect(Object.keys(byNode).sort()).toEqual(["n1", "n2", "n3"]);
    const again = await apply(lab.nodes[0] as VipLabNode, plans[0] as VipNodePlan);
    expect(again.outcome).toBe("unchanged");
    const reading = await driverFor(targetOf(lab.nodes[0] as VipLabNode)).readMember(plans[0] as VipNodePlan, hashOf(plans[0] as VipNodePlan));
    expect(reading.role).toBe("vip-node");
    if (reading.role !== "vip-node") return;
    expect(reading.watcher.running).toBe(true);
    expect(reading.drift.drifted).toBe(false);
    expect(reading.aliveNodes).toEqual([1, 2, 3]);
    expect(reading.bucketsOwned).toEqual(plans[0]?.ownedWhenAllAlive);
    expect(reading.check?.passing).toBe(true);
  }, 60_000);

  it("moves only a dead node's clients, never resets the others' connections, and gives them back on return", async () => {
    const before = await until((a) => everyoneOnce(a.byClient), 10_000, "a settled site");
    const log = path.join(lab.lab.tmpDir, "hold.jsonl");
    const hold: ChildProcess = lab.client.spawn(
      ["node", path.resolve("lab/vip-client.mjs"), "hold", JSON.stringify({ vip: lab.vip, sources: lab.sources, everyMs: 100, log })],
      { logFile: path.join(lab.lab.tmpDir, "hold.out") },
    );
    try {
      const events = () =>
        (existsSync(log) ? readFileSync(log, "utf8") : "")
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { event: string; source: string; node: string | null });
      for (let i = 0; i < 100 && !(events().filter((e) => e.event === "open").length === 40); i++) await sleep(100);
      expect(events().filter((e) => e.event === "open")).toHaveLength(40);

      const n2 = lab.nodes[1] as VipLabNode;
      const ofN2 = before.byNode.n2 ?? [];
      await lab.setLink(n2, false);
      const after = await until((a) => everyoneOnce(a.byClient) && !a.byNode.n2, 10_000, "n2's clients taken over");
      for (const [client, nodes] of Object.entries(before.byClient)) if (nodes[0] !== "n2") expect(after.byClient[client]).toEqual(nodes);
      for (const client of ofN2) expect(after.byClient[client]?.[0]).not.toBe("n2");

      await sleep(1_000);
      await lab.setLink(n2, true);
      const back = await until((a) => everyoneOnce(a.byClient) && (a.byNode.n2 ?? []).length === ofN2.length, 10_000, "n2's clients back");
      expect(back.byClient).toEqual(before.byClient);

      await sleep(500);

      const troubled = events().filter((e) => e.event === "reset" || e.event === "error" || e.event === "close");
      // n2's own connections were cut with its cable (their packets went to the survivors, which reset them);
      // every connection on n1 and n3 lived through it all.
      expect(troubled.filter((e) => e.node !== "n2")).toEqual([]);
      // The check can see a reset: n2's own were (so a pass above is not a deaf test).
      expect(troubled.some((e) => e.node === "n2")).toBe(true);
    } finally {
      hold.kill("SIGTERM");
    }
  }, 90_000);

  it("starts a crashed daemon again at once (its supervisor), and the node answers its clients again", async () => {
    const before = await until((a) => everyoneOnce(a.byClient), 10_000, "a settled site");
    const n1 = lab.nodes[0] as VipLabNode;
    const pidOf = `for p in $(ip netns pids ${n1.node.namespace}); do if tr '\\0' ' ' < /proc/$p/cmdline | grep -q 'vip-heartbeat.pl run'; then echo $p; fi; done`;
    // The daemon and its check process (a fork of it, so the same command line).
    const crashed = (await lab.lab.root.exec(["sh", "-c", pidOf])).stdout.trim().split("\n");
    expect(crashed.length).toBeGreaterThan(0);
    await lab.lab.root.exec(["kill", "-9", ...crashed]);
    await sleep(200);
    const again = await until((a) => (a.byNode.n1 ?? []).length === (before.byNode.n1 ?? []).length && everyoneOnce(a.byClient), 10_000, "n1 answering again");
    expect(again.byClient).toEqual(before.byClient);
    const restarted = (await lab.lab.root.exec(["sh", "-c", pidOf])).stdout.trim().split("\n");
    expect(restarted.filter((p) => /^\d+$/.test(p) && !crashed.includes(p)).length).toBeGreaterThan(0);
  }, 60_000);

  it("hands a node's clients over while its service check fails, and back when it passes", async () => {
    const before = await until((a) => everyoneOnce(a.byClient), 10_000, "a settled site");
    const n3 = lab.nodes[2] as VipLabNode;
    lab.setCheckFailing(n3, true);
    try {
      await until((a) => everyoneOnce(a.byClient) && !a.byNode.n3, 10_000, "n3's clients handed over");
    } finally {
      lab.setCheckFailing(n3, false);
    }
    const back = await until((a) => everyoneOnce(a.byClient) && (a.byNode.n3 ?? []).length === (before.byNode.n3 ?? []).length, 10_000, "n3 back");
    expect(back.byClient).toEqual(before.byClient);
  }, 60_000);

  it("takes everything off every node", async () => {
    const outcomes = await Promise.all(
      lab.nodes.map((n, i) =>
        driverFor(targetOf(n)).removeMember(plans[i] as VipNodePlan, {
          pushId: `rm${i}${Date.now().toString(36)}`,
          planHash: hashOf(plans[i] as VipNodePlan),
          lastAppliedHash: hashOf(plans[i] as VipNodePlan),
          confirmWindowSec: 30,
          onProgress: () => {},
        }),
      ),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(["confirmed", "confirmed", "confirmed"]);
    const { byNode } = await answers();
    expect(byNode).toEqual({});
    for (const n of lab.nodes) {
      const { stdout } = await n.node.exec(["sh", "-c", "nft list tables; ip -4 -o addr show dev vip0"]);
      expect(stdout).not.toContain("waymark_vip");
      expect(stdout).not.toContain(`${lab.vip}/`);
      // The namespace's own processes (the host's pid namespace is shared with other labs).
      const pids = await lab.lab.root.exec(["sh", "-c", `for p in $(ip netns pids ${n.node.namespace}); do tr '\\0' ' ' < /proc/$p/cmdline; echo; done`]);
      expect(pids.stdout).not.toContain("vip-heartbeat");
    }
  }, 60_000);
});
