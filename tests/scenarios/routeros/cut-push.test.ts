// Scenario 5: the API connection is dropped at every command sentence of a push in turn, before the router runs
// it (received: N), and after every reply sentence in turn (sent: N: the command ran, its answer may never arrive).
// The simulator's dropAfterSentences also cuts every session the pusher opens afterwards — its health gate and its
// own rollback after reconnecting — at the same count. After the confirm window has passed on the router's clock,
// the router must hold exactly the old state or exactly the new one, never anything in between; what Waymark
// reported must be what happened; no rollback script or job is left; the admin's objects are untouched.

import { isDeepStrictEqual } from "node:util";

import { describe, expect, it } from "vitest";

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import { menusToRead } from "@/lib/devices/routeros/push/inspect";
import { routerOsRouter } from "@/lib/devices/routeros/router";
import type { PushOutcome } from "@/lib/devices/push-types";

import { compile, push, pushConfirmed, useScenarioRouters, WAYMARK, type ScenarioRouter } from "./support/router";
import { startSentenceCounter } from "./support/sentence-counter";
import { BRANCH_6, dualWanIntent, EDGE_7, type Site } from "./support/sites";
import { foreignTables, printedView, rollbackLeftovers, type ConfigView } from "./support/views";

const startRouter = useScenarioRouters();

const WINDOW_SEC = 30;

const planA = (site: Site) => compile(dualWanIntent(site), site.major);

/** Plan B: link A's weight 3 → 2 and a third ISP on ether4, in the same tier. */
const planB = (site: Site) =>
  compile(
    dualWanIntent(site, (intent) => {
      intent.links[0]!.weight = 2;
      intent.links.push({
        name: site.backup.name,
        interface: site.backup.interface,
        gateway: site.backup.gateway,
        weight: 1,
        probe: { targets: ["192.0.2.12"] },
      });
    }),
    site.major,
  );

type Case = { label: string; site: Site; from: (site: Site) => RouterOsPlan | null; to: (site: Site) => RouterOsPlan };

const CASES: Case[] = [
  { label: "v7 first push (nothing → plan A)", site: EDGE_7, from: () => null, to: planA },
  { label: "v7 change (plan A → plan B)", site: EDGE_7, from: planA, to: planB },
  { label: "v6 first push (nothing → plan A)", site: BRANCH_6, from: () => null, to: planA },
  { label: "v6 change (plan A → plan B)", site: BRANCH_6, from: planA, to: planB },
  // 7.20+ has safe mode: the router itself reverts what the dropped session changed.
  { label: "v7.24 with safe mode, first push", site: { ...EDGE_7, version: "7.24" }, from: () => null, to: planA },
  { label: "v7.24 with safe mode, change", site: { ...EDGE_7, version: "7.24" }, from: planA, to: planB },
];

async function seeded(c: Case): Promise<ScenarioRouter> {
  const router = await startRouter(c.site);
  await router.admin("/ip/address/add", `=address=${c.site.backup.address}/24`, `=interface=${c.site.backup.interface}`);
  const from = c.from(c.site);
  if (from) await pushConfirmed(router, from);
  return router;
}

type Mode = "received" | "sent";

/** Command (received) or reply (sent) sentences on each API connection of an uncut push; the first is the pusher's. */
async function sentencesOfPush(c: Case, mode: Mode): Promise<readonly number[]> {
  const router = await seeded(c);
  const counter = await startSentenceCounter(router.sim.port);
  try {
    const viaCounter = routerOsRouter({
      kind: "routeros",
      host: "127.0.0.1",
      port: counter.port,
      transport: "plain",
      username: WAYMARK.name,
      password: WAYMARK.password,
    });
    const outcome = await viaCounter.push(c.to(c.site), { pushId: "count", confirmWindowSec: WINDOW_SEC, onProgress: () => {} });
    expect(outcome).toMatchObject({ outcome: "confirmed" });
    return [...(mode === "received" ? counter.counts : counter.replies)];
  } finally {
    await counter.close();
    await router.close();
  }
}

type Run = { n: number; outcome: string; now: string; final: string; ms: number };

/**
 * Formerly defect D1: the confirm cut between removing the job and removing the script, and the session that
 * settles it cut too. Still recognised, so that a regression is named in the summary line rather than hidden.
 */
const isDefectD1 = (outcome: PushOutcome, final: string, left: readonly string[]) =>
  outcome.outcome === "failed" &&
  outcome.reason.includes("settling it over a new session failed") &&
  final === "new" &&
  left.length === 1 &&
  left[0]!.startsWith("waymark-rollback-");

describe("[scenario 5] a connection dropped at each sentence of a push", () => {
  it.each(CASES.flatMap((c) => (["received", "sent"] as const).map((mode) => ({ ...c, mode }))))(
    "$label, dropped at $mode sentence N: old state or new state, never in between",
    async ({ mode, ...c }) => {
      const target = c.to(c.site);
      // Waymark's menus (and the admin's items in them); the push's own script and job are checked apart.
      const menus = [...new Set([...menusToRead(target), ...menusToRead(c.from(c.site) ?? target)])];
      const sessions = await sentencesOfPush(c, mode);
      const cuts = Math.max(...sessions);

      const reference = await seeded(c);
      await pushConfirmed(reference, target);
      await reference.sim.clock.advance(WINDOW_SEC * 1000 + 5_000);
      const newState = await printedView(reference, menus);
      await reference.close();

      const runs: Run[] = [];
      const problems: string[] = [];
      const knownLeftovers: number[] = [];
      for (let n = 1; n <= cuts + 1; n++) {
        const router = await seeded(c);
        const oldState = await printedView(router, menus);
        const foreignBefore = foreignTables(router);
        const which = (view: ConfigView) => (isDeepStrictEqual(view, oldState) ? "old" : isDeepStrictEqual(view, newState) ? "new" : "between");

        router.sim.faults.set({ dropAfterSentences: { [mode]: n } });
        const record = await push(router, target, WINDOW_SEC);
        router.sim.faults.clear();
        const now = which(await printedView(router, menus));
        await router.sim.clock.advance(WINDOW_SEC * 1000 + 5_000);
        const final = which(await printedView(router, menus));
        const run = { n, outcome: record.outcome.outcome, now, final, ms: record.ms };
        runs.push(run);

        const where = `cut at ${mode} sentence ${n}: ${JSON.stringify(record.outcome)} (${now} → ${final})`;
        if (final === "between") problems.push(`${where}: the router is between the old and the new state`);
        if (run.outcome === "confirmed" && (now !== "new" || final !== "new")) problems.push(`${where}: reported confirmed`);
        if (run.outcome === "rolled_back" && (now !== "old" || final !== "old")) problems.push(`${where}: reported rolled back`);
        if (n > cuts && run.outcome !== "confirmed") problems.push(`${where}: no cut, yet not confirmed`);
        const left = rollbackLeftovers(router);
        if (left.length > 0 && isDefectD1(record.outcome, final, left)) knownLeftovers.push(n);
        else if (left.length > 0) problems.push(`${where}: left behind ${left.join(", ")}`);
        if (!isDeepStrictEqual(foreignTables(router), foreignBefore)) problems.push(`${where}: the admin's objects changed`);
        await router.close();
      }

      const tally = (pick: (r: Run) => string) => {
        const counts = new Map<string, number>();
        for (const r of runs) counts.set(pick(r), (counts.get(pick(r)) ?? 0) + 1);
        return [...counts].map(([k, v]) => `${k} ${v}`).join(", ");
      };
      console.log(
        `[scenario 5] ${c.label}, ${mode}: sentences per session of an uncut push ${sessions.join("+")}; ${cuts} cuts + 1 uncut; ` +
          `outcomes: ${tally((r) => r.outcome)}; state after the window: ${tally((r) => r.final)}; ` +
          `slowest push ${Math.max(...runs.map((r) => r.ms))} ms` +
          (knownLeftovers.length > 0
            ? `; defect D1 (rollback script left behind, reported failed while the new plan stands) at N = ${knownLeftovers.join(", ")}`
            : ""),
      );
      expect(problems).toEqual([]);
    },
    600_000,
  );

  // Found as defect D1: a first push whose confirm is cut right after the router removed the rollback job, with the
  // first session that settles it cut at its first command too. Expected: confirmed (the plan stands and cannot be
  // rolled back any more) and nothing left behind.
  it("D1: a confirm cut after the job was removed still ends confirmed, with no rollback script left", async () => {
    const router = await startRouter(EDGE_7);
    let cutNextCommand = false;
    const wrap = (command: string, before: () => void, after: () => void) => {
      const { menu, name, definition } = router.sim.device.registry.resolve(command);
      router.sim.device.registry.register({
        path: menu.path,
        commands: {
          [name]: {
            ...definition,
            run: async (context) => {
              before();
              const result = (await definition.run(context)) ?? undefined;
              after();
              return result;
            },
          },
        },
      });
    };
    wrap(
      "/system/scheduler/remove",
      () => {},
      () => {
        cutNextCommand = true;
        router.sim.dropAllConnections();
      },
    );
    // Every print the settling session may start with: the first one after the cut drops that session as well.
    for (const menu of new Set(planA(EDGE_7).objects.map((o) => o.menu))) {
      wrap(
        `${menu}/print`,
        () => {
          if (!cutNextCommand) return;
          cutNextCommand = false;
          router.sim.dropAllConnections();
        },
        () => {},
      );
    }
    const record = await push(router, planA(EDGE_7), WINDOW_SEC);
    router.sim.faults.clear();
    await router.sim.clock.advance(WINDOW_SEC * 1000 + 5_000);
    expect((await router.waymark.readState(planA(EDGE_7))).drift).toEqual([]);
    expect({ outcome: record.outcome.outcome, left: rollbackLeftovers(router) }).toEqual({ outcome: "confirmed", left: [] });
  });
});
