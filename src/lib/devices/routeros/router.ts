import "server-only";

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import type { RouterOsTarget } from "@/lib/devices/driver";

import type { PushOutcome } from "../push-types";
import { connect, type RouterOsClient, type WireMeter } from "./api-client";
import { inspectRouter, type RouterInspection } from "./push/inspect";
import { pushRouterOsPlan, type OpenSession, type RouterOsPushOptions } from "./push/push-plan";
import { readRouterState, type RouterState } from "./readback/read-state";

export type { RouterInspection } from "./push/inspect";
export type { RouterOsPushOptions } from "./push/push-plan";
export type { DriftEntry, RouterState } from "./readback/read-state";
export type { InterfaceState, NetwatchState, RouteState, RuleState } from "./readback/parse";

// A MikroTik router as a load-balancing device: what it is and holds, pushing a plan with lockout protection, and
// reading back what it does. Each call opens its own API sessions; nothing is kept between calls.
export type RouterOsRouter = {
  inspect: () => Promise<RouterInspection>;
  push: (plan: RouterOsPlan, options: RouterOsPushOptions) => Promise<PushOutcome>;
  readState: (plan: RouterOsPlan) => Promise<RouterState>;
};

const CONNECT_TIMEOUT_MS = 10_000;
const COMMAND_TIMEOUT_MS = 15_000;

/** Opens a logged-in session to the target; `meter` counts what the sessions it opens cost on the wire. */
export function sessionOpener(target: RouterOsTarget, meter?: WireMeter): OpenSession {
  return () =>
    connect({
      host: target.host,
      port: target.port,
      transport: target.transport,
      username: target.username,
      password: target.password,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      meter,
    });
}

export function routerOsRouter(target: RouterOsTarget): RouterOsRouter {
  const open = sessionOpener(target);
  return {
    inspect: () => withSession(open, (client) => inspectRouter(client, { objects: [] })),
    push: (plan, options) => pushRouterOsPlan(open, plan, options),
    readState: (plan) => withSession(open, (client) => readRouterState(client, plan)),
  };
}

async function withSession<T>(open: OpenSession, work: (client: RouterOsClient) => Promise<T>): Promise<T> {
  const client = await open();
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}
