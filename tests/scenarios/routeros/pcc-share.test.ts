// Scenario 1: a 3:1 policy across 1,000 LAN clients, each opening one connection to its own internet address.
// Measured twice — where the connections actually left (the dataplane's outcome) and what Waymark reads back
// (rule counters) — and the read-back must equal the simulator's own counters to the packet and byte.

import { describe, expect, it } from "vitest";

import type { RouterOsBalancer, RouterOsPlan } from "@/lib/domain/compile/routeros";
import type { RuleState } from "@/lib/devices/routeros/router";

import { compile, fmt, itemByComment, pct, pushConfirmed, settle, useScenarioRouters, type ScenarioRouter } from "./support/router";
import { BRANCH_6, dualWanIntent, EDGE_7, internetHost, type Site } from "./support/sites";

const startRouter = useScenarioRouters();

const CLIENTS = 1_000;
const EXTRA_LAN = "10.20.0.0/22"; // 1,000 clients need more than the office /24

/** The n-th LAN client in 10.20.0.0/22 (n ≥ 2: .0.1 is the router). */
const client = (n: number) => `10.20.${(n >> 8) & 3}.${n & 255}`;

/** Rule counters by comment, as Waymark read them back. */
const counters = (rules: readonly RuleState[]) => new Map(rules.map((r) => [r.comment, r]));

const sumPackets = (rules: Map<string, RuleState>, before: Map<string, RuleState>, prefix: string) =>
  [...rules.values()].filter((r) => r.comment.startsWith(prefix)).reduce((sum, r) => sum + Number(r.packets - (before.get(r.comment)?.packets ?? 0n)), 0);

/** What share of link A a balancer and a version promise for weights 3:1 (the plan's own warning for v7 ECMP). */
const expectedShareA = (major: "6" | "7", balancer: RouterOsBalancer) => (balancer === "ecmp" && major === "7" ? 50 : 75);

async function ready(site: Site, balancer: RouterOsBalancer): Promise<{ router: ScenarioRouter; plan: RouterOsPlan }> {
  const router = await startRouter(site);
  await router.admin("/ip/address/add", `=address=10.20.0.1/22`, `=interface=${site.lan.interface}`);
  const plan = compile(
    dualWanIntent(site, (intent) => intent.outbound.lanSources.push(EXTRA_LAN)),
    site.major,
    balancer,
  );
  if (balancer === "ecmp" && site.major === "7") expect(plan.warnings.map((w) => w.code)).toContain("routeros-ecmp-weights-ignored");
  await pushConfirmed(router, plan);
  await settle(router);
  return { router, plan };
}

describe("[scenario 1] 3:1 across 1,000 LAN clients, by connections and by read-back counters", () => {
  it.each([
    { label: "v7 PCC", site: EDGE_7, balancer: "pcc" },
    { label: "v6 PCC", site: BRANCH_6, balancer: "pcc" },
    { label: "v7 ECMP (equal shares: v7 ECMP routes carry no weights)", site: EDGE_7, balancer: "ecmp" },
    { label: "v6 ECMP (weights by repeated gateways)", site: BRANCH_6, balancer: "ecmp" },
  ] as const)("$label", async ({ site, balancer }) => {
    const { router, plan } = await ready(site, balancer);
    const before = counters((await router.waymark.readState(plan)).rules);

    const outcomes = Array.from({ length: CLIENTS }, (_, i) =>
      router.sim.network.openConnection({ src: client(i + 2), dst: internetHost(i), protocol: "tcp", dstPort: 443, bytes: 60 }),
    );
    expect(outcomes.every((o) => o.delivered)).toBe(true);
    const viaA = outcomes.filter((o) => o.outInterface === site.a.interface && o.gateway === site.a.gateway).length;
    const viaB = outcomes.filter((o) => o.outInterface === site.b.interface && o.gateway === site.b.gateway).length;
    expect(viaA + viaB).toBe(CLIENTS);

    const state = await router.waymark.readState(plan);
    const after = counters(state.rules);
    // Where connections were spread: PCC's mark-connection rules, or ECMP's postrouting pins.
    const spreadPrefix = balancer === "pcc" ? "waymark:pcc:" : "waymark:ecmp-pin:";
    const spreadA = sumPackets(after, before, `${spreadPrefix}${site.a.name}`);
    const spreadB = sumPackets(after, before, `${spreadPrefix}${site.b.name}`);
    const natA = sumPackets(after, before, `waymark:nat:${site.a.name}`);
    const natB = sumPackets(after, before, `waymark:nat:${site.b.name}`);

    const wanted = expectedShareA(site.major, balancer);
    const measured = pct(viaA, CLIENTS);
    console.log(
      `[scenario 1] v${site.major} ${balancer} (RouterOS ${site.version}): ${CLIENTS} connections, link A ${fmt(measured)} % by outcome, ` +
        `${fmt(pct(spreadA, spreadA + spreadB))} % by ${spreadPrefix}* counters, ${fmt(pct(natA, natA + natB))} % by masquerade counters (wanted ${wanted} %)`,
    );
    expect(Math.abs(measured - wanted)).toBeLessThanOrEqual(4);
    // Each new connection is one first packet through exactly one spreading rule and one masquerade.
    expect({ spreadA, spreadB, natA, natB }).toEqual({ spreadA: viaA, spreadB: viaB, natA: viaA, natB: viaB });

    // Waymark's read-back is the router's own counters, exactly.
    for (const rule of state.rules) {
      const item = itemByComment(router, rule.menu.slice(1), rule.comment);
      expect({ comment: rule.comment, bytes: rule.bytes, packets: rule.packets }).toEqual({
        comment: rule.comment,
        bytes: item.counters.bytes,
        packets: item.counters.packets,
      });
    }
    expect(state.drift).toEqual([]);
  });
});
