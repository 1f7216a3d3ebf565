// Shared by the RouterOS push and read-back tests: the example plan, API
// sessions to a router on 127.0.0.1, a progress log, and the configuration of a router as print shows it.

import { compileRouterOs, type RouterOsPlan } from "@/lib/domain/compile/routeros";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import type { PushProgress } from "@/lib/devices/push-types";

import { connect, type RouterOsClient } from "@/lib/devices/routeros/api-client";
import { printItems } from "@/lib/devices/routeros/push/commands";
import type { OpenSession } from "@/lib/devices/routeros/push/push-plan";

export const USER = { name: "admin", password: "s3cret-pass" };

/** Options for startRouterOsSimulator: the example's interfaces on a 7.16.2 router. */
export const SIMULATOR_DEFAULTS = {
  host: "127.0.0.1" as const,
  version: "7.16.2",
  identity: "edge-1",
  boardName: "RB5009UPr+S+",
  users: [USER],
  interfaces: ["wan1", "wan2", "lan0", "ether4"],
};

export const examplePlan = (version: "6" | "7", edit: (input: IntentInput) => void = () => {}): RouterOsPlan => {
  const input = structuredClone(DUAL_WAN_EXAMPLE);
  edit(input);
  return compileRouterOs(ZIntent.parse(input), { version });
};

/** Opens logged-in sessions to 127.0.0.1:`port` and closes them all at the end of a test. */
export function sessionsTo(port: number): { open: OpenSession; closeAll: () => Promise<void> } {
  const opened: RouterOsClient[] = [];
  return {
    open: async () => {
      const client = await connect({
        host: "127.0.0.1",
        port,
        transport: "plain",
        username: USER.name,
        password: USER.password,
        connectTimeoutMs: 3_000,
        commandTimeoutMs: 5_000,
      });
      opened.push(client);
      return client;
    },
    closeAll: async () => {
      await Promise.all(opened.map((client) => client.close()));
    },
  };
}

export type ProgressLog = { events: Parameters<PushProgress>[0][]; onProgress: PushProgress };

export const progressLog = (): ProgressLog => {
  const events: Parameters<PushProgress>[0][] = [];
  return { events, onProgress: (event) => events.push(event) };
};

// Counters and runtime state: what the router does, not how it is configured.
const RUNTIME = new Set([
  "bytes",
  "packets",
  "invalid",
  "dynamic",
  "active",
  "inactive",
  "static",
  "immediate-gw",
  "local-address",
  "ecmp",
  "hw-offloaded",
  "status",
  "since",
  "done-tests",
  "failed-tests",
  "sent-count",
  "response-count",
  "loss-count",
  "loss-percent",
  "rtt-avg",
  "rtt-min",
  "rtt-max",
  "rtt-jitter",
  "rtt-stdev",
  "run-count",
  "last-started",
  "next-run",
  "used",
]);

/**
 * Every static item of the menus in router order, as print shows it (defaults filled in), without counters and
 * runtime state: what "the same configuration" means in these tests. `ids: false` also drops `.id` (a re-created
 * object gets a new one, the one thing a rollback cannot keep).
 */
export async function configView(open: OpenSession, menus: readonly string[], { ids = true } = {}): Promise<Record<string, Record<string, string>[]>> {
  const client = await open();
  try {
    const rows = await Promise.all(menus.map((menu) => printItems(client, menu)));
    return Object.fromEntries(
      menus.map((menu, index) => [
        menu,
        rows[index]!.filter((row) => row.dynamic !== "true").map((row) =>
          Object.fromEntries(Object.entries(row).filter(([name]) => !RUNTIME.has(name) && (ids || name !== ".id"))),
        ),
      ]),
    );
  } finally {
    await client.close();
  }
}
