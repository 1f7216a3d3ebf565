// BGP anycast with BIRD 2 in namespaces: three servers announce 192.0.2.53 to an edge that spreads flows by ECMP,
// everything pushed through the real Linux driver's applyMember (SSH, BIRD's parser, timed configure, gate, confirm).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnycastLab, type AnycastLab } from "../../../../../../lab/anycast-lab";
import { namespacePids } from "../../../../../../lab/teardown";
import { driverFor } from "@/lib/devices";
import type { MemberPushOptions } from "@/lib/devices/driver";
import type { PushOutcome } from "@/lib/devices/push-types";
import type { AnycastEdgePlan, AnycastServerPlan, MemberPlan } from "@/lib/domain/site/member-plan";
import { anycastPlans, targetOf, withoutBfd } from "@tests/support/linux/anycast-site";

let lab: AnycastLab;
let sequence = 0;

beforeAll(async () => {
  lab = await startAnycastLab({ label: "anycast-test" });
}, 90_000);

afterAll(async () => {
  await lab?.stop();
});

const hashOf = (plan: MemberPlan) => createHash("sha256").update(JSON.stringify(plan)).digest("hex");
const last = new Map<string, string>();

async function push(memberIndex: number | "edge", plan: MemberPlan, extra: Partial<MemberPushOptions> = {}): Promise<PushOutcome> {
  const member = memberIndex === "edge" ? lab.edge : lab.servers[memberIndex];
  if (!member) throw new Error("no member");
  const key = String(memberIndex);
  const outcome = await driverFor(targetOf(lab, member)).applyMember(plan, {
    pushId: `ac-${process.pid}-${++sequence}`,
    planHash: hashOf(plan),
    lastAppliedHash: last.get(key) ?? null,
    confirmWindowSec: 20,
    onProgress: () => undefined,
    ...extra,
  });
  if (outcome.outcome === "confirmed" || outcome.outcome === "unchanged") last.set(key, outcome.appliedHash);
  return outcome;
}

async function pushSite(plans: { edge: AnycastEdgePlan; servers: AnycastServerPlan[] }): Promise<void> {
  const outcomes = await Promise.all(plans.servers.map((p, i) => push(i, p)));
  outcomes.push(await push("edge", plans.edge));
  expect(outcomes.map((o) => o.outcome)).toEqual(
    ["confirmed", "confirmed", "confirmed", "confirmed"].map((c, i) => (outcomes[i]?.outcome === "unchanged" ? "unchanged" : c)),
  );
}

const preferred = () => [lab.servers[0]?.address, lab.servers[1]?.address].sort() as string[];

describe("[lab] anycast with BIRD 2", () => {
  it("announces from every server and spreads new connections across all of them", async () => {
    const plans = anycastPlans(lab);
    await pushSite(plans);
    await lab.waitForEdgeRoute((hops) => hops.length === 3, 20_000);
    const { answers, failed } = await lab.traffic(300);
    expect(failed).toBe(0);
    for (const server of lab.servers) expect(answers[server.name] ?? 0).toBeGreaterThan(50);
    const edge = await driverFor(targetOf(lab, lab.edge)).readMember(plans.edge, last.get("edge") ?? null);
    expect(edge).toMatchObject({ role: "anycast-edge", drift: { drifted: false }, standby: [] });
    if (edge.role !== "anycast-edge") throw new Error("edge reading");
    expect(edge.sessions.map((s) => s.established)).toEqual([true, true, true]);
    expect(edge.nexthops.map((h) => h.device).sort()).toEqual(["server0", "server1", "server2"]);
    expect(edge.nexthops.reduce((sum, h) => sum + Number(h.forwarded?.packets ?? 0), 0)).toBeGreaterThan(300);
    const server = await driverFor(targetOf(lab, lab.servers[0]!)).readMember(plans.servers[0]!, last.get("0") ?? null);
    expect(server).toMatchObject({ role: "anycast-server", announced: true, check: { passing: true }, drift: { drifted: false } });
    expect(Number((server.role === "anycast-server" && server.served?.packets) || 0)).toBeGreaterThan(0);
  }, 90_000);

  it("is found able to take both roles by inspection, and watched over one login", async () => {
    const driver = driverFor(targetOf(lab, lab.edge));
    const inspection = await driver.inspect();
    expect(inspection.capabilities.siteRoles.filter((r) => r.role !== "vip-node")).toEqual([
      { role: "anycast-server", available: true, why: null, software: "BIRD 2.0.12" },
      { role: "anycast-edge", available: true, why: null, software: "BIRD 2.0.12" },
    ]);
    const plans = anycastPlans(lab);
    const watch = driver.watchMember(plans.edge, last.get("edge") ?? null, { intervalMs: 500 });
    try {
      const readings = [await watch.poll(), await watch.poll(), await watch.poll()];
      expect(readings.map((r) => r.role === "anycast-edge" && r.nexthops.length)).toEqual([3, 3, 3]);
      expect(watch.cost()).toMatchObject({ logins: 1, commands: 3 });
    } finally {
      await watch.close();
    }
  }, 30_000);

  it("pushes the same plan again as unchanged", async () => {
    const plans = anycastPlans(lab);
    expect((await push(0, plans.servers[0]!)).outcome).toBe("unchanged");
    expect((await push("edge", plans.edge)).outcome).toBe("unchanged");
  }, 30_000);

  it("withdraws a server whose health check fails within a second, and takes it back once it passes", async () => {
    const gone = lab.servers[0]!.address;
    const stoppedAt = Date.now();
    await lab.stopService(0);
    const withdrawnAt = await lab.waitForEdgeRoute((hops) => hops.length === 2 && !hops.includes(gone), 10_000);
    // 2 failed checks 100 ms apart, then one birdc call: about 0.2–0.3 s on an idle machine.
    expect(withdrawnAt - stoppedAt).toBeLessThan(1_000);
    const { answers, failed } = await lab.traffic(100);
    expect([failed, answers[lab.servers[0]!.name] ?? 0]).toEqual([0, 0]);
    await lab.startService(0);
    await lab.waitForEdgeRoute((hops) => hops.length === 3, 10_000);
  }, 60_000);

  it("drops a silent server by BFD well under a second; the hold time alone takes seconds", async () => {
    const silent = lab.servers[1]!.address;
    let at = Date.now();
    await lab.blackhole(1);
    const droppedAt = await lab.waitForEdgeRoute((hops) => !hops.includes(silent), 10_000);
    expect(droppedAt - at).toBeLessThan(1_000);
    await lab.restore(1);
    // The reconfiguration restarts the sessions (bfd changed), so no error wait time holds the server out.
    const classic = anycastPlans(lab);
    expect((await push(1, withoutBfd(classic.servers[1]!))).outcome).toBe("confirmed");
    expect((await push("edge", withoutBfd(classic.edge))).outcome).toBe("confirmed");
    await lab.waitForEdgeRoute((hops) => hops.length === 3, 30_000);
    at = Date.now();
    await lab.blackhole(1);
    const heldAt = await lab.waitForEdgeRoute((hops) => !hops.includes(silent), 15_000);
    // Hold time 9 s, keepalives every 3 s: the session ends 6–9 s after the last keepalive heard.
    expect(heldAt - at).toBeGreaterThan(3_000);
    await lab.restore(1);
    await pushSite(anycastPlans(lab));
    await lab.waitForEdgeRoute((hops) => hops.length === 3, 40_000);
  }, 120_000);

  it("keeps a standby server out of the route until the preferred ones are gone", async () => {
    const plans = anycastPlans(lab, { standby: [2] });
    expect((await push("edge", plans.edge)).outcome).toBe("confirmed");
    await lab.waitForEdgeRoute((hops) => JSON.stringify(hops) === JSON.stringify(preferred()), 20_000);
    const before = await lab.traffic(150);
    expect(before.failed).toBe(0);
    expect(before.answers[lab.servers[2]!.name] ?? 0).toBe(0);
    const edge = await driverFor(targetOf(lab, lab.edge)).readMember(plans.edge, last.get("edge") ?? null);
    expect(edge.role === "anycast-edge" && edge.standby).toEqual(["server2"]);

    await Promise.all([lab.stopService(0), lab.stopService(1)]);
    await lab.waitForEdgeRoute((hops) => JSON.stringify(hops) === JSON.stringify([lab.servers[2]!.address]), 10_000);
    const after = await lab.traffic(100);
    expect(after).toEqual({ answers: { [lab.servers[2]!.name]: 100 }, failed: 0 });

    await Promise.all([lab.startService(0), lab.startService(1)]);
    await lab.waitForEdgeRoute((hops) => JSON.stringify(hops) === JSON.stringify(preferred()), 10_000);
  }, 90_000);

  it("refuses a configuration BIRD's parser rejects, before any reload, with BIRD's words", async () => {
    const plan = anycastPlans(lab).servers[0]!;
    const broken = {
      ...plan,
      files: plan.files.map((f) => (f.path === plan.bird.configFile ? { ...f, content: `${f.content}protocol bgp broken { bogus; }\n` } : f)),
    };
    const before = await lab.birdc(lab.servers[0]!, "show", "protocols");
    const outcome = await push(0, broken);
    expect(outcome).toMatchObject({ outcome: "refused" });
    expect(outcome.outcome === "refused" && outcome.reason).toMatch(/BIRD refused the configuration: .*syntax error/);
    const after = await lab.birdc(lab.servers[0]!, "show", "protocols");
    expect(after.replace(/\s+\S+ \d\d:\d\d:\d\d.*$/gm, "")).toBe(before.replace(/\s+\S+ \d\d:\d\d:\d\d.*$/gm, ""));
    expect(await lab.edgeNexthops()).toHaveLength(2);
  }, 30_000);

  it("leaves a configuration it could not confirm to BIRD's own timer (the management path lost after the apply)", async () => {
    const plan = anycastPlans(lab).servers[0]!;
    const locked = {
      ...plan,
      files: plan.files.map((f) => (f.path === plan.bird.configFile ? { ...f, content: `${f.content}protocol static wm_web_lockout { ipv4; }\n` } : f)),
    };
    const node = lab.servers[0]!.node;
    let seen: Promise<{ during: string; after: string }> | null = null;
    const outcome = await push(0, locked, {
      confirmWindowSec: 6,
      onProgress: (event) => {
        if (event.step !== "arm" || event.status !== "ok" || seen) return;
        // New SSH connections to the server are dropped from now on (the push's own, open, goes on): the gate
        // cannot reach it. BIRD's timer ends at 6 s, the host's switch at 11 s: look in between, then let go.
        seen = (async () => {
          await node.exec(["nft", "-f", "-"], {
            input: "table inet wmlab_lockout {\n  chain in { type filter hook input priority -300; policy accept; tcp dport 22 ct state new drop; }\n}\n",
          });
          const armedAt = Date.now();
          let during = "";
          // The apply (and BIRD's timed configure) follows the arm over the push's own connection.
          while (!during.includes("wm_web_lockout") && Date.now() - armedAt < 4_000) {
            during = await lab.birdc(lab.servers[0]!, "show", "protocols");
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          await new Promise((resolve) => setTimeout(resolve, armedAt + 8_500 - Date.now()));
          const after = await lab.birdc(lab.servers[0]!, "show", "protocols");
          await node.exec(["nft", "delete", "table", "inet", "wmlab_lockout"]);
          return { during, after };
        })();
      },
    });
    const { during, after } = await (seen as unknown as Promise<{ during: string; after: string }>);
    expect(during).toContain("wm_web_lockout");
    // Undone by BIRD itself, before the host's switch fired.
    expect(after).not.toContain("wm_web_lockout");
    expect(outcome).toMatchObject({ outcome: "rolled_back" });
    expect(await lab.birdc(lab.servers[0]!, "show", "protocols")).not.toContain("wm_web_lockout");
    await lab.waitForEdgeRoute((hops) => hops.length === 2, 20_000);
  }, 60_000);

  it("takes the site off every member through the same path", async () => {
    const plans = anycastPlans(lab, { standby: [2] });
    const driver = (m: number | "edge") => driverFor(targetOf(lab, m === "edge" ? lab.edge : lab.servers[m]!));
    const options = (plan: MemberPlan) => ({
      pushId: `ac-rm-${process.pid}-${++sequence}`,
      planHash: hashOf(plan),
      lastAppliedHash: null,
      confirmWindowSec: 20,
      onProgress: () => undefined,
    });
    expect((await driver("edge").removeMember(plans.edge, options(plans.edge))).outcome).toBe("confirmed");
    const removed = await Promise.all(plans.servers.map((p, i) => driver(i).removeMember(p, options(p))));
    expect(removed.map((o) => o.outcome)).toEqual(["confirmed", "confirmed", "confirmed"]);
    expect(await lab.edgeNexthops()).toEqual([]);
    for (const member of [lab.edge, ...lab.servers]) expect(await lab.birdc(member, "show", "protocols")).not.toMatch(/wm_web_/);
    const { stdout } = await lab.servers[0]!.node.exec(["ip", "-o", "addr", "show", "dev", "lo"]);
    expect(stdout).not.toContain(lab.service.address);
    const daemons = (await namespacePids(lab.servers[0]!.node.namespace ?? "")).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("anycast-health");
      } catch {
        return false;
      }
    });
    expect(daemons).toEqual([]);
  }, 60_000);
});
