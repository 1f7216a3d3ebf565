import { afterEach, describe, expect, it } from "vitest";

import { startRouterOsSimulator, type RouterOsSimulator } from "@/simulator/routeros";

import type { RouterOsClient } from "../api-client";
import { addItem } from "./commands";
import { menusToRead } from "./inspect";
import { pushRouterOsPlan, type OpenSession } from "./push-plan";
import { configView, examplePlan, sessionsTo, SIMULATOR_DEFAULTS } from "@tests/support/routeros/push";

// The session that pushes is cut at every sentence in turn, before the sentence is sent or right after its reply
// arrived. Whatever the cut, the router must end in exactly the old state or exactly the plan, with nothing of the
// push's machinery left behind.

type TestRouter = { sim: RouterOsSimulator; open: OpenSession; close: () => Promise<void> };
const routers: TestRouter[] = [];
afterEach(async () => {
  while (routers.length > 0) await routers.pop()!.close();
});

const startTestRouter = async (version: string): Promise<TestRouter> => {
  const sim = await startRouterOsSimulator({ ...SIMULATOR_DEFAULTS, version });
  const sessions = sessionsTo(sim.port);
  return {
    sim,
    open: sessions.open,
    close: async () => {
      await sessions.closeAll();
      await sim.close();
    },
  };
};

type Cut = { at: number; when: "before" | "after" };

/** The first session opened counts its commands and drops every connection to the router at the cut. */
function cuttingOpener(router: TestRouter, cut: Cut): OpenSession & { fired: () => boolean } {
  let opened = 0;
  let fired = false;
  const open = async () => {
    const client = await router.open();
    if (opened++ > 0) return client;
    let sent = 0;
    const command: RouterOsClient["command"] = async (words, options) => {
      sent += 1;
      fired ||= sent === cut.at;
      if (sent === cut.at && cut.when === "before") router.sim.dropAllConnections();
      const result = await client.command(words, options);
      if (sent === cut.at && cut.when === "after") router.sim.dropAllConnections();
      return result;
    };
    return {
      command,
      stream: client.stream,
      close: () => client.close(),
      get closed() {
        return client.closed;
      },
    };
  };
  return Object.assign(open, { fired: () => fired });
}

const leftovers = (router: TestRouter) =>
  ["system/script", "system/scheduler"]
    .flatMap((menu) => (router.sim.device.config.hasTable(menu) ? router.sim.device.config.table(menu).items : []))
    .map((i) => i.props.name);

describe("RouterOS push cut at every sentence", () => {
  it.each(["7.16.2", "7.24"])(
    "ends in the old state or the plan, never in between (%s)",
    async (version) => {
      const plan = examplePlan("7");
      const menus = menusToRead(plan);
      const seen = new Set<string>();
      for (let at = 1; ; at++) {
        let uncut = false;
        for (const when of ["before", "after"] as const) {
          const router = await startTestRouter(version);
          routers.push(router);
          const client = await router.open();
          await addItem(client, "/ip/firewall/mangle", { chain: "prerouting", action: "accept", comment: "admin: first" });
          await addItem(client, "/ip/firewall/mangle", { chain: "prerouting", action: "accept", comment: "waymark:stale" });
          await client.close();
          const before = await configView(router.open, menus, { ids: false });
          const opener = cuttingOpener(router, { at, when });
          const outcome = await pushRouterOsPlan(opener, plan, { pushId: `cut-${at}`, confirmWindowSec: 30, onProgress: () => {} });
          seen.add(outcome.outcome);
          const after = await configView(router.open, menus, { ids: false });
          if (outcome.outcome === "confirmed") {
            const clean = await router.open();
            expect(
              await pushRouterOsPlan(async () => clean, plan, { pushId: "check", confirmWindowSec: 30, onProgress: () => {} }),
              `${when} ${at}`,
            ).toMatchObject({ outcome: "unchanged" });
          } else {
            expect(after, `${when} sentence ${at}: ${JSON.stringify(outcome)}`).toEqual(before);
          }
          expect(leftovers(router), `${when} ${at}`).toEqual([]);
          uncut ||= !opener.fired();
          await router.close();
          routers.pop();
        }
        if (uncut) break;
        if (at > 100) throw new Error("the push never finished before its cut");
      }
      expect([...seen].sort()).toEqual(expect.arrayContaining(["confirmed", "failed", "rolled_back"]));
    },
    120_000,
  );
});
