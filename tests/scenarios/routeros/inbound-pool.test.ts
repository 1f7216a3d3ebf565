// Scenario 3: an inbound server pool of two backends, weights 2:1, behind link A. Internet clients spread by weight;
// a dead backend is taken out by its netwatch and every new connection lands on the live one through the fallback
// rule; recovery restores the split. The intent's e-mail alerts leave the router on down and on up.

import { describe, expect, it } from "vitest";

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import type { IntentInput } from "@/lib/domain/intent";
import type { RuleState } from "@/lib/devices/routeros/router";

import { compile, fmt, itemByComment, pct, pushConfirmed, settle, useScenarioRouters, type ScenarioRouter } from "./support/router";
import { BRANCH_6, dualWanIntent, EDGE_7, type Site } from "./support/sites";

const startRouter = useScenarioRouters();

const ALERT_TO = ["noc@example.com", "oncall@example.net"];
const PORT = 443;
const APP2_PORT = 8443;
/** Connections per measurement of the split. */
const SPREAD = 1_200;

const app = (site: Site, n: 1 | 2) => `${site.lan.prefix}${20 + n}`;

const poolIntent = (site: Site): IntentInput =>
  dualWanIntent(site, (intent) => {
    intent.inbound = {
      pools: [
        {
          name: "web",
          listen: { interface: site.a.interface, address: site.a.address, protocol: "tcp", port: PORT },
          backends: [
            { name: "app1", address: app(site, 1), weight: 2 },
            { name: "app2", address: app(site, 2), port: APP2_PORT, weight: 1 },
          ],
          // v6 netwatch only pings (a TCP probe there gets no netwatch at all: routeros-backend-no-netwatch).
          probe: { type: site.major === "7" ? "tcp" : "icmp", intervalMs: 1_000, timeoutMs: 500 },
        },
      ],
    };
    intent.alerts = { email: { to: ALERT_TO } };
  });

let clientNumber = 0;

/** `count` connections from distinct internet clients to the pool's address; resolves to each one's backend. */
function connectClients(router: ScenarioRouter, count: number): string[] {
  const conntrack = router.sim.device.config.table("ip/firewall/connection");
  return Array.from({ length: count }, () => {
    const n = clientNumber++;
    const outcome = router.sim.network.openConnection({
      src: `198.18.${200 + Math.floor(n / 250)}.${(n % 250) + 1}`,
      dst: router.site.a.address,
      protocol: "tcp",
      dstPort: PORT,
      inInterface: router.site.a.interface,
    });
    expect(outcome.delivered, JSON.stringify(outcome)).toBe(true);
    return conntrack.byId(outcome.connectionId!)?.props["reply-src-address"] ?? "untracked";
  });
}

type Split = { app1: number; app2: number; other: number };
const splitOf = (site: Site, backends: readonly string[]): Split => ({
  app1: backends.filter((b) => b === `${app(site, 1)}:${PORT}`).length,
  app2: backends.filter((b) => b === `${app(site, 2)}:${APP2_PORT}`).length,
  other: backends.filter((b) => b !== `${app(site, 1)}:${PORT}` && b !== `${app(site, 2)}:${APP2_PORT}`).length,
});

const packetsOf = (rules: readonly RuleState[], comment: string) => rules.find((r) => r.comment === comment)?.packets ?? -1n;

const backendStatus = (router: ScenarioRouter, name: string) => itemByComment(router, "tool/netwatch", `waymark:backend:web:${name}`).runtime.status;

async function advanceUntil(router: ScenarioRouter, done: () => boolean, limitMs: number): Promise<number> {
  const start = router.sim.clock.now();
  while (!done()) {
    if (router.sim.clock.now() - start > limitMs) throw new Error(`not within ${limitMs} ms`);
    await router.sim.clock.advance(50);
  }
  return router.sim.clock.now() - start;
}

const subjects = (router: ScenarioRouter) => router.sim.device.runtime.outbox.map((mail) => `${mail.to}: ${mail.subject}`);

async function ready(site: Site): Promise<{ router: ScenarioRouter; plan: RouterOsPlan }> {
  const router = await startRouter(site);
  const plan = compile(poolIntent(site), site.major);
  await pushConfirmed(router, plan);
  await settle(router);
  return { router, plan };
}

describe("[scenario 3] an inbound pool of two backends, 2:1, one dies and comes back", () => {
  it.each([
    { label: "v7", site: EDGE_7 },
    { label: "v6", site: BRANCH_6 },
  ])("$label", async ({ label, site }) => {
    const { router, plan } = await ready(site);
    const fallback2 = "waymark:pool:web:app2:fallback";
    expect(plan.objects.some((o) => o.comment === fallback2)).toBe(true);
    expect(backendStatus(router, "app1")).toBe("up");
    router.sim.device.runtime.outbox.length = 0;

    const healthy = splitOf(site, connectClients(router, SPREAD));
    const s0 = await router.waymark.readState(plan);

    router.sim.network.setReachable(app(site, 1), false);
    const downMs = await advanceUntil(router, () => backendStatus(router, "app1") === "down", 1_500);
    const downMail = subjects(router);
    const s1 = await router.waymark.readState(plan);
    const rescued = splitOf(site, connectClients(router, 300));
    const s2 = await router.waymark.readState(plan);
    const viaFallback = Number(packetsOf(s2.rules, fallback2) - packetsOf(s1.rules, fallback2));
    const viaPcc = Number(packetsOf(s2.rules, "waymark:pool:web:app2:0") - packetsOf(s1.rules, "waymark:pool:web:app2:0"));

    router.sim.network.setReachable(app(site, 1), true);
    const upMs = await advanceUntil(router, () => backendStatus(router, "app1") === "up", 1_500);
    const upMail = subjects(router).slice(downMail.length);
    const restored = splitOf(site, connectClients(router, SPREAD));
    const s3 = await router.waymark.readState(plan);

    console.log(
      `[scenario 3] ${label}: healthy ${fmt(pct(healthy.app1, SPREAD))} % app1 / ${fmt(pct(healthy.app2, SPREAD))} % app2 of ${SPREAD}; ` +
        `app1 down after ${downMs} ms → ${rescued.app2}/300 on app2 (${viaFallback} by the fallback rule, ${viaPcc} by app2's own PCC rule); ` +
        `up after ${upMs} ms → ${fmt(pct(restored.app1, SPREAD))} % / ${fmt(pct(restored.app2, SPREAD))} %; mails: ${downMail.length} down, ${upMail.length} up`,
    );
    expect(healthy.other).toBe(0);
    expect(Math.abs(pct(healthy.app1, SPREAD) - 200 / 3)).toBeLessThanOrEqual(5);
    expect(packetsOf(s0.rules, fallback2)).toBe(0n);

    expect(downMs).toBeLessThanOrEqual(1_500); // interval + timeout
    expect(s1.netwatch.find((w) => w.comment === "waymark:backend:web:app1")).toMatchObject({ status: "down" });
    expect(s1.rules.filter((r) => r.comment.startsWith("waymark:pool:web:app1:")).map((r) => r.disabled)).toEqual([true, true, true]);
    expect(rescued).toEqual({ app1: 0, app2: 300, other: 0 });
    expect(viaFallback).toBeGreaterThan(0);
    expect(viaFallback + viaPcc).toBe(300);
    expect(downMail).toEqual(ALERT_TO.map((to) => `${to}: Waymark: backend web/app1 is down`));

    expect(upMail).toEqual(ALERT_TO.map((to) => `${to}: Waymark: backend web/app1 is up`));
    expect(restored.other).toBe(0);
    expect(Math.abs(pct(restored.app1, SPREAD) - 200 / 3)).toBeLessThanOrEqual(5);
    expect(packetsOf(s3.rules, fallback2), "the fallback rule is idle again").toBe(packetsOf(s2.rules, fallback2));
  });
});
