// A simulated router on 127.0.0.1 booted from a site's export, the admin's own API session to it, and Waymark's
// device facade (routerOsRouter) pointed at it: the scenarios push and read back exactly as the product does.

import { afterEach, expect } from "vitest";

import { compileRouterOs, type RouterOsBalancer, type RouterOsPlan } from "@/lib/domain/compile/routeros";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import { connect, type RouterOsClient, type RouterOsRow } from "@/lib/devices/routeros/api-client";
import type { PushOutcome, PushProgress } from "@/lib/devices/push-types";
import { routerOsRouter, type RouterOsRouter } from "@/lib/devices/routeros/router";
import { startRouterOsSimulator, type RouterOsSimulator, type RouterOsSimulatorOptions } from "@/simulator/routeros";

import type { Site } from "./sites";

export const ADMIN = { name: "admin", password: "admin-pw" };
export const WAYMARK = { name: "waymark", password: "waymark-pw" };

export type ScenarioRouter = {
  site: Site;
  sim: RouterOsSimulator;
  /** Waymark's device facade, logged in as the waymark user. */
  waymark: RouterOsRouter;
  /** Opens a logged-in admin session (closed at the end of the test). */
  openAdmin: () => Promise<RouterOsClient>;
  /** One admin command over a new session. */
  admin: (...words: string[]) => Promise<RouterOsRow[]>;
  /** Sim-clock time the router started at: check-gateway rounds fall every 10 s after it. */
  startedAt: number;
  /** Stops the simulator now (it is stopped after the test anyway). */
  close: () => Promise<void>;
};

export type ScenarioOptions = Partial<Omit<RouterOsSimulatorOptions, "host" | "users">> & { bootExport?: string | null };

/** Starts routers for one test file and closes them (and every admin session) after each test. */
export const useScenarioRouters = () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  return async (site: Site, options: ScenarioOptions = {}): Promise<ScenarioRouter> => {
    const { bootExport = site.bootExport, ...rest } = options;
    const sim = await startRouterOsSimulator({
      host: "127.0.0.1",
      version: site.version,
      identity: "scenario",
      boardName: "CHR",
      users: [ADMIN, WAYMARK],
      clock: "manual",
      ...(bootExport === null ? {} : { bootExport }),
      ...rest,
    });
    const startedAt = sim.clock.now();
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= sim.close());
    cleanups.push(close);
    const openAdmin = async () => {
      const client = await connect({
        host: "127.0.0.1",
        port: sim.port,
        transport: "plain",
        username: ADMIN.name,
        password: ADMIN.password,
        connectTimeoutMs: 5_000,
        commandTimeoutMs: 10_000,
      });
      cleanups.push(() => client.close());
      return client;
    };
    const admin = async (...words: string[]) => {
      const client = await openAdmin();
      try {
        return (await client.command(words)).rows;
      } finally {
        await client.close();
      }
    };
    const waymark = routerOsRouter({
      kind: "routeros",
      host: "127.0.0.1",
      port: sim.port,
      transport: "plain",
      username: WAYMARK.name,
      password: WAYMARK.password,
    });
    return { site, sim, waymark, openAdmin, admin, startedAt, close };
  };
};

export const compile = (intent: IntentInput, major: "6" | "7", balancer: RouterOsBalancer = "pcc"): RouterOsPlan =>
  compileRouterOs(ZIntent.parse(intent), { version: major, balancer });

export type PushRecord = { outcome: PushOutcome; events: Parameters<PushProgress>[0][]; ms: number };

let pushes = 0;

/** Waymark's own push of `plan`, as the service starts one; the router's clock does not move meanwhile. */
export async function push(router: ScenarioRouter, plan: RouterOsPlan, confirmWindowSec = 30): Promise<PushRecord> {
  const events: PushRecord["events"] = [];
  const started = Date.now();
  const outcome = await router.waymark.push(plan, { pushId: `scenario-${++pushes}`, confirmWindowSec, onProgress: (event) => events.push(event) });
  return { outcome, events, ms: Date.now() - started };
}

/** A push that must be confirmed. */
export async function pushConfirmed(router: ScenarioRouter, plan: RouterOsPlan): Promise<PushRecord> {
  const record = await push(router, plan);
  expect(record.outcome, JSON.stringify(record.events.filter((e) => e.status !== "running"))).toMatchObject({ outcome: "confirmed" });
  return record;
}

/** Lets the router's netwatch take its first verdicts (start-delay, first tests) after a push. */
export const settle = (router: ScenarioRouter, ms = 5_000) => router.sim.clock.advance(ms);

/** Static items of a simulated menu, in router order. */
export const items = (router: ScenarioRouter, menu: string) =>
  router.sim.device.config.hasTable(menu) ? router.sim.device.config.table(menu).items.filter((item) => !item.dynamic) : [];

/** The item of `menu` carrying `comment`. */
export const itemByComment = (router: ScenarioRouter, menu: string, comment: string) => {
  const found = router.sim.device.config.table(menu).items.find((item) => item.props.comment === comment);
  if (!found) throw new Error(`no ${menu} item with comment ${comment}`);
  return found;
};

export const pct = (part: number, whole: number) => (whole === 0 ? 0 : (100 * part) / whole);
export const fmt = (n: number) => n.toFixed(1);
