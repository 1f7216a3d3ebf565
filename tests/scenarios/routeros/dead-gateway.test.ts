// Scenario 2: an ISP's gateway dies. With Waymark's netwatch: after one interval + timeout the link's routes are
// disabled, its marked connections flushed, and new connections leave by the other link; read-back shows it.
// Without netwatch (disabled by the admin, or v6 ECMP, where netwatch cannot take a gateway out of the one ECMP
// route): check-gateway alone moves traffic after two timed-out 10 s pings and not after one. Recovery moves it back.

import { describe, expect, it } from "vitest";

import type { RouterOsBalancer, RouterOsPlan } from "@/lib/domain/compile/routeros";
import { parseDurationMs } from "@/lib/domain/diff/routeros";

import { compile, fmt, itemByComment, pct, pushConfirmed, settle, useScenarioRouters, type ScenarioRouter } from "./support/router";
import { BRANCH_6, dualWanIntent, EDGE_7, type Site } from "./support/sites";
import { conntrackIds, openLanConnections, spreadOf } from "./support/traffic";

const startRouter = useScenarioRouters();

const CHECK_GATEWAY_ROUND_MS = 10_000;
const STEP_MS = 50;

async function ready(site: Site, balancer: RouterOsBalancer): Promise<{ router: ScenarioRouter; plan: RouterOsPlan }> {
  const router = await startRouter(site);
  const plan = compile(dualWanIntent(site), site.major, balancer);
  await pushConfirmed(router, plan);
  await settle(router);
  return { router, plan };
}

const netwatchStatus = (router: ScenarioRouter, link: string) => itemByComment(router, "tool/netwatch", `waymark:netwatch:${link}`).runtime.status;

/** Advances in small steps until `done`; resolves to the sim time it took. */
async function timeUntil(router: ScenarioRouter, done: () => boolean, limitMs: number): Promise<number> {
  const start = router.sim.clock.now();
  while (!done()) {
    if (router.sim.clock.now() - start > limitMs) throw new Error(`not within ${limitMs} ms`);
    await router.sim.clock.advance(STEP_MS);
  }
  return router.sim.clock.now() - start;
}

/** The link's netwatch interval + timeout, as the plan configures them. */
const reactionMs = (plan: RouterOsPlan, link: string): number => {
  const watch = plan.objects.find((o) => o.comment === `waymark:netwatch:${link}`)!;
  return parseDurationMs(watch.properties.interval!)! + parseDurationMs(watch.properties.timeout!)!;
};

/** Right after a check-gateway round (the rounds run every 10 s from the router's start). */
async function toCheckGatewayRound(router: ScenarioRouter): Promise<void> {
  const since = router.sim.clock.now() - router.startedAt;
  await router.sim.clock.advance((CHECK_GATEWAY_ROUND_MS - (since % CHECK_GATEWAY_ROUND_MS)) % CHECK_GATEWAY_ROUND_MS);
}

const shareWanted = (site: Site, balancer: RouterOsBalancer) => (balancer === "ecmp" && site.major === "7" ? 50 : 75);

describe("[scenario 2] a dead gateway, caught by Waymark's netwatch", () => {
  it.each([
    { label: "v7 PCC", site: EDGE_7, balancer: "pcc" },
    { label: "v6 PCC", site: BRANCH_6, balancer: "pcc" },
    { label: "v7 ECMP", site: EDGE_7, balancer: "ecmp" },
  ] as const)("$label: routes off, connections flushed, traffic moved, and back on recovery", async ({ label, site, balancer }) => {
    const { router, plan } = await ready(site, balancer);
    const markA = `to-${site.a.name}`;
    const existing = openLanConnections(router, 200);
    const onA = existing.filter((o) => o.outInterface === site.a.interface).map((o) => o.connectionId!);
    const onB = existing.filter((o) => o.outInterface === site.b.interface).map((o) => o.connectionId!);
    expect(onA.length).toBeGreaterThan(0);

    router.sim.network.setReachable(site.a.gateway, false);
    const budget = reactionMs(plan, site.a.name);
    const detected = await timeUntil(router, () => netwatchStatus(router, site.a.name) === "down", budget);
    await router.sim.clock.advance(budget - detected);

    const held = conntrackIds(router);
    expect(
      onA.filter((id) => held.has(id)),
      "link A's connections are flushed",
    ).toEqual([]);
    expect(
      onB.filter((id) => !held.has(id)),
      "link B's connections stay",
    ).toEqual([]);
    const during = openLanConnections(router, 400);
    const moved = spreadOf(router, during);
    expect(moved).toEqual({ total: 400, viaA: 0, viaB: 400, delivered: 400 });
    if (balancer === "pcc") expect(during.filter((o) => o.connectionMark === markA).length, "PCC still marks for A; A's table routes via B").toBeGreaterThan(0);

    const state = await router.waymark.readState(plan);
    expect(state.netwatch.find((w) => w.comment === `waymark:netwatch:${site.a.name}`)).toMatchObject({ status: "down" });
    expect(state.netwatch.find((w) => w.comment === `waymark:netwatch:${site.b.name}`)).toMatchObject({ status: "up" });
    const viaDead = state.routes.filter((r) => r.gateway === site.a.gateway && r.comment.startsWith("waymark:") && !r.comment.startsWith("waymark:probe:"));
    expect(viaDead.length).toBeGreaterThan(0);
    for (const route of viaDead) expect(route, route.comment).toMatchObject({ disabled: true, active: false });
    expect(state.routes.find((r) => r.comment === `waymark:route:${site.b.name}:via:${site.b.name}`)).toMatchObject({ active: true });
    expect(state.connections.find((c) => c.mark === markA)?.count ?? 0).toBe(during.filter((o) => o.connectionMark === markA).length);

    router.sim.network.setReachable(site.a.gateway, true);
    const recovered = await timeUntil(router, () => netwatchStatus(router, site.a.name) === "up", budget);
    const back = spreadOf(router, openLanConnections(router, 1_000));
    const wanted = shareWanted(site, balancer);
    console.log(
      `[scenario 2] ${label}: netwatch down ${detected} ms after the gateway died (interval+timeout ${budget} ms); ` +
        `${onA.length} connections of link A flushed, ${onB.length} of B kept; 400/400 new connections via B; ` +
        `up ${recovered} ms after it answered; link A ${fmt(pct(back.viaA, back.total))} % afterwards (wanted ${wanted} %)`,
    );
    expect(detected).toBeLessThanOrEqual(budget);
    expect(back.delivered).toBe(back.total);
    expect(Math.abs(pct(back.viaA, back.total) - wanted)).toBeLessThanOrEqual(4);
    const after = await router.waymark.readState(plan);
    for (const route of after.routes.filter((r) => r.gateway === site.a.gateway)) {
      // A backup route (distance 2 in the other link's table) is enabled again but rightly stays a candidate.
      expect(route, route.comment).toMatchObject({ disabled: false, active: route.distance === 1 });
    }
  });
});

describe("[scenario 2] a dead gateway, caught by check-gateway alone", () => {
  const newConnections = (router: ScenarioRouter) => spreadOf(router, openLanConnections(router, 200));

  it.each([
    { label: "v7 PCC, netwatch disabled by the admin", site: EDGE_7, balancer: "pcc", disableNetwatch: true },
    { label: "v6 PCC, netwatch disabled by the admin", site: BRANCH_6, balancer: "pcc", disableNetwatch: true },
    { label: "v6 ECMP (netwatch cannot take a gateway out of the one ECMP route)", site: BRANCH_6, balancer: "ecmp", disableNetwatch: false },
  ] as const)("$label: moves after two missed 10 s pings, not after one, and back", async ({ label, site, balancer, disableNetwatch }) => {
    const { router, plan } = await ready(site, balancer);
    if (balancer === "ecmp") expect(plan.warnings.map((w) => w.code)).toContain("routeros-v6-ecmp-check-gateway");
    if (disableNetwatch) {
      const ids = router.sim.device.config
        .table("tool/netwatch")
        .items.filter((i) => i.props.comment?.startsWith("waymark:"))
        .map((i) => i.id);
      await router.admin("/tool/netwatch/disable", `=numbers=${ids.join(",")}`);
    }
    const healthy = newConnections(router);
    expect(healthy.viaA).toBeGreaterThan(0);

    await toCheckGatewayRound(router);
    router.sim.network.setReachable(site.a.gateway, false);
    await router.sim.clock.advance(2 * CHECK_GATEWAY_ROUND_MS); // the ping at +10 s timed out at +20 s: one miss
    const afterOneMiss = newConnections(router);
    await router.sim.clock.advance(CHECK_GATEWAY_ROUND_MS); // the ping at +20 s timed out at +30 s: two misses
    const afterTwoMisses = newConnections(router);
    const state = await router.waymark.readState(plan);

    router.sim.network.setReachable(site.a.gateway, true);
    await router.sim.clock.advance(CHECK_GATEWAY_ROUND_MS); // the next ping is answered
    const recovered = newConnections(router);
    console.log(
      `[scenario 2] ${label}: of 200 new connections, ${healthy.viaA} left by ${site.a.interface} while healthy; ` +
        `20 s after the gateway died (one missed ping) still ${afterOneMiss.viaA} by ${site.a.interface} (${afterOneMiss.delivered}/200 delivered); ` +
        `at 30 s (two missed pings) ${afterTwoMisses.viaB} by ${site.b.interface} (${afterTwoMisses.delivered}/200 delivered); ` +
        `≤10 s after it answered again ${recovered.viaA} by ${site.a.interface}`,
    );
    expect(afterOneMiss.viaA, "one missed ping does not move traffic").toBeGreaterThan(0);
    expect(afterOneMiss.delivered).toBe(afterOneMiss.viaB);
    expect(afterTwoMisses, "two missed pings do").toEqual({ total: 200, viaA: 0, viaB: 200, delivered: 200 });
    const dead = state.routes.filter((r) => r.gateway === site.a.gateway && r.comment.startsWith("waymark:route:"));
    expect(dead.length).toBeGreaterThan(0);
    // Without netwatch nothing disables them: check-gateway makes them inactive.
    if (disableNetwatch) for (const route of dead) expect(route, route.comment).toMatchObject({ disabled: false, active: false });
    expect(recovered.viaA, "traffic is back on the link").toBeGreaterThan(0);
    expect(recovered.delivered).toBe(200);
  });
});
