// Scenario 6: every command and argument Waymark sends exists in the target version. The simulator answers by the
// /console/inspect schema of each release (unknown parameter, no such command), both over the API and inside the
// scripts it runs, so a full-feature plan — pools, alerts, pinned traffic, a backup tier; PCC and ECMP — is pushed
// to each release, its netwatch scripts are made to run, and a change is rolled back by the router's own job.

import { describe, expect, it } from "vitest";

import type { RouterOsBalancer, RouterOsPlan } from "@/lib/domain/compile/routeros";
import type { IntentInput } from "@/lib/domain/intent";

import { compile, pushConfirmed, settle, useScenarioRouters, type ScenarioRouter } from "./support/router";
import { BRANCH_6, dualWanIntent, EDGE_7, type Site } from "./support/sites";
import { rollbackLeftovers } from "./support/views";

const startRouter = useScenarioRouters();

const VERSIONS = ["6.49.10", "7.9.2", "7.12.2", "7.16.2", "7.18.2", "7.20.8", "7.24"];
const WINDOW_SEC = 30;

const fullIntent = (site: Site): IntentInput =>
  dualWanIntent(site, (intent) => {
    intent.links.push({
      name: site.backup.name,
      interface: site.backup.interface,
      gateway: site.backup.gateway,
      tier: 2,
      onFailback: "flush",
      probe: { targets: ["192.0.2.12"] },
    });
    intent.outbound.pinned = [
      { source: `${site.lan.prefix}50/32`, link: site.b.name, comment: "VoIP phone stays on B" },
      { destination: "192.0.2.128/25", link: site.a.name, comment: "bank (sticky)" },
    ];
    intent.outbound.lastResort = "unreachable";
    intent.inbound = {
      pools: [
        {
          name: "web",
          listen: { interface: site.a.interface, address: site.a.address, protocol: "tcp", port: 443 },
          backends: [
            { name: "app1", address: `${site.lan.prefix}21`, weight: 2 },
            { name: "app2", address: `${site.lan.prefix}22`, port: 8443, weight: 1 },
            { name: "app3", address: `${site.lan.prefix}23`, state: "drain" },
          ],
          sticky: "source",
          probe: { type: site.major === "7" ? "tcp" : "icmp", intervalMs: 1_000, timeoutMs: 500 },
        },
        {
          name: "dns",
          listen: { interface: site.b.interface, protocol: "udp", port: 53 },
          backends: [
            { name: "ns1", address: `${site.lan.prefix}53` },
            { name: "ns2", address: `${site.lan.prefix}54`, state: "disabled" },
          ],
        },
      ],
    };
    intent.alerts = { email: { to: ["noc@example.com"] } };
  });

const scriptErrors = (router: ScenarioRouter) => router.sim.device.runtime.log.filter((line) => line.topics.includes("error")).map((line) => line.message);
const mails = (router: ScenarioRouter) => router.sim.device.runtime.outbox.map((mail) => mail.subject);

/** Makes every netwatch script of the plan run: link A and backend app1 die, then come back. */
async function failAndRecover(router: ScenarioRouter): Promise<void> {
  const app1 = `${router.site.lan.prefix}21`;
  router.sim.network.setReachable(router.site.a.gateway, false);
  router.sim.network.setReachable(app1, false);
  await router.sim.clock.advance(3_000);
  router.sim.network.setReachable(router.site.a.gateway, true);
  router.sim.network.setReachable(app1, true);
  await router.sim.clock.advance(3_000);
}

/** A push whose session is cut right after its last change, with every reconnect refused a command, so the router's own scheduler job must roll it back. */
async function pushCutAfterApply(router: ScenarioRouter, plan: RouterOsPlan): Promise<string> {
  let cut = false;
  const outcome = await router.waymark.push(plan, {
    pushId: "cut-after-apply",
    confirmWindowSec: WINDOW_SEC,
    onProgress: (event) => {
      const [done, total] = (event.detail ?? "").split(" ")[0]!.split("/");
      if (!cut && event.step === "apply" && event.status === "running" && done !== undefined && done === total) {
        cut = true;
        router.sim.faults.set({ dropAfterSentences: { received: 1 } });
        router.sim.dropAllConnections();
      }
    },
  });
  router.sim.faults.clear();
  expect(cut).toBe(true);
  return outcome.outcome;
}

describe("[scenario 6] a full-feature plan against the schema of each release", () => {
  it.each(VERSIONS)("RouterOS %s", async (version) => {
    const base = version.startsWith("6.") ? BRANCH_6 : EDGE_7;
    const site: Site = { ...base, version };
    const router = await startRouter(site);
    await router.admin("/ip/address/add", `=address=${site.backup.address}/24`, `=interface=${site.backup.interface}`);
    const plans = Object.fromEntries((["pcc", "ecmp"] as const).map((b) => [b, compile(fullIntent(site), site.major, b)])) as Record<
      RouterOsBalancer,
      RouterOsPlan
    >;
    expect(plans.pcc.removeConnections.length).toBe(1);

    const pcc = await pushConfirmed(router, plans.pcc);
    await settle(router);
    await failAndRecover(router);
    const subjects = mails(router);
    expect(subjects).toEqual(
      expect.arrayContaining([
        "Waymark: link isp-a is down",
        "Waymark: link isp-a is up",
        "Waymark: backend web/app1 is down",
        "Waymark: backend web/app1 is up",
      ]),
    );
    expect((await router.waymark.readState(plans.pcc)).drift).toEqual([]);

    const ecmp = await pushConfirmed(router, plans.ecmp);
    await settle(router);
    await failAndRecover(router);
    expect((await router.waymark.readState(plans.ecmp)).drift).toEqual([]);

    // Back to PCC, cut after the last change: the rollback script runs inside the router.
    const outcome = await pushCutAfterApply(router, plans.pcc);
    await router.sim.clock.advance(WINDOW_SEC * 1000 + 2_000);
    const restored = await router.waymark.readState(plans.ecmp);

    console.log(
      `[scenario 6] RouterOS ${version}: PCC plan (${plans.pcc.objects.length} objects) confirmed in ${pcc.ms} ms, ECMP plan (${plans.ecmp.objects.length}) in ${ecmp.ms} ms; ` +
        `${subjects.length} alert mails from the netwatch scripts; a change cut after its apply: Waymark reported ${outcome}, the router's job restored ECMP ` +
        `(${restored.drift.length} differences); script errors: ${scriptErrors(router).length}`,
    );
    expect(restored.drift).toEqual([]);
    expect(rollbackLeftovers(router)).toEqual([]);
    expect(scriptErrors(router)).toEqual([]);
  });
});
