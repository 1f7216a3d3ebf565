// A push cut off after the router was armed but before its first change (issue: "a rollback after a push that
// applied nothing leaves the router alone"). Its rollback script would re-create the objects the push meant to
// remove (here link B's netwatch, routes and rules), resetting their counters, and every re-created netwatch would
// mail "is up". Waymark reconnects, sees nothing changed, and only takes its rollback job and script away.

import { describe, expect, it } from "vitest";

import { UNTOUCHED } from "@/lib/devices/routeros/push/recover";
import type { ResolvedCommand } from "@/simulator/routeros/registry";

import { compile, push, pushConfirmed, settle, useScenarioRouters } from "./support/router";
import { dualWanIntent, EDGE_7 } from "./support/sites";

const startRouter = useScenarioRouters();
const WINDOW_SEC = 30;
const ALERTS = { email: { to: ["noc@example.com"] } };

describe("[scenario] a push cut before its first change", () => {
  it("leaves the router alone: same objects (same ids), no re-created netwatch, no mail", async () => {
    const router = await startRouter(EDGE_7);
    const planA = compile(
      dualWanIntent(EDGE_7, (intent) => {
        intent.alerts = ALERTS;
      }),
      "7",
    );
    await pushConfirmed(router, planA);
    await settle(router, 10_000);
    const planC = compile(
      dualWanIntent(EDGE_7, (intent) => {
        intent.links.pop();
        intent.alerts = ALERTS;
      }),
      "7",
    );

    // Every write to a menu of Waymark's objects drops the session before it runs: nothing of the push applies.
    const menus = new Set([...planA.objects, ...planC.objects].map((o) => o.menu));
    for (const menu of menus) {
      for (const verb of ["add", "set", "remove", "move", "unset"]) {
        let resolved: ResolvedCommand;
        try {
          resolved = router.sim.device.registry.resolve(`${menu}/${verb}`);
        } catch {
          continue; // a menu without that verb (routing tables are not moved)
        }
        const { menu: found, name, definition } = resolved;
        router.sim.device.registry.register({
          path: found.path,
          commands: {
            [name]: {
              ...definition,
              run: async () => {
                router.sim.dropAllConnections();
                throw new Error("cut");
              },
            },
          },
        });
      }
    }
    const ids = (menu: string) => router.sim.device.config.table(menu.slice(1)).items.map((i) => `${i.id} ${i.props.comment ?? ""}`);
    const before = [...menus].flatMap(ids);
    router.sim.device.runtime.outbox.length = 0;

    const record = await push(router, planC, WINDOW_SEC);
    expect(record.outcome.outcome, JSON.stringify(record.events)).toBe("rolled_back");
    expect(record.events.find((e) => e.step === "rollback" && e.status === "ok")?.detail).toBe(UNTOUCHED);
    await router.sim.clock.advance(WINDOW_SEC * 1000 + 5_000);

    expect([...menus].flatMap(ids)).toEqual(before);
    expect(router.sim.device.runtime.outbox.map((m) => m.subject)).toEqual([]);
    expect(router.sim.device.config.table("system/scheduler").items.filter((i) => (i.props.name ?? "").startsWith("waymark"))).toEqual([]);
    expect(router.sim.device.config.table("system/script").items.filter((i) => (i.props.name ?? "").startsWith("waymark"))).toEqual([]);
  });
});
