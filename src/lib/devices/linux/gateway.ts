import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { LinuxPlan } from "@/lib/domain/compile/linux";
import type { LinuxTarget } from "@/lib/devices/driver";
import { asRoot } from "./privilege";
import { connectSsh } from "./ssh-client";
import { inspectGateway, type GatewayInspection } from "./push/inspect";
import { rootSession } from "./push/script-kit";
import { pushLinuxPlan, type LinuxPushOptions } from "./push/push-plan";
import type { PushOutcome } from "../push-types";
import { readGatewayState, type GatewayState, type StateLink } from "./read-state";
import { resetGatewayCounters } from "./reset-counters";
import { blockOnGateway, restoreOnGateway } from "./drill";
import { watchGateway, type GatewayWatch } from "./watch/gateway-watch";

// A Linux gateway as a load-balancing device: what it can do, pushing a plan with rollback, and reading back
// what it does. Each call opens its own SSH connection; nothing is kept between calls, except by a watch (one
// connection for as long as it watches). A push given the
// inspection its caller made (options.inspection) does not inspect again.
export type LinuxGateway = {
  inspect: () => Promise<GatewayInspection>;
  push: (plan: LinuxPlan, options: Omit<LinuxPushOptions, "monitorScript" | "poolChecksScript" | "connectTimeoutMs">) => Promise<PushOutcome>;
  readState: (links: StateLink[]) => Promise<GatewayState>;
  /** The same reading streamed over one kept SSH connection, a frame every interval (./watch/). */
  watch: (links: StateLink[], intervalMs: number) => GatewayWatch;
  /** Zeroes the counters of Waymark's rules only; how many were zeroed. */
  resetCounters: () => Promise<number>;
  blockProbes: (plan: LinuxPlan, link: string, expiresAfterSec: number) => Promise<{ deviceAtMs: number | null }>;
  restoreProbes: () => Promise<void>;
};

const CONNECT_TIMEOUT_MS = 10_000;

export function linuxGateway(target: LinuxTarget): LinuxGateway {
  const connect = () =>
    connectSsh({
      host: target.host,
      port: target.port,
      username: target.username,
      auth: target.auth,
      pinnedHostKey: target.pinnedHostKey,
      timeoutMs: CONNECT_TIMEOUT_MS,
    });
  const session = async () => {
    const ssh = await connect();
    return asRoot(ssh).catch((error: unknown) => {
      ssh.close();
      throw error;
    });
  };
  return {
    // The inspection script finds out itself whether the login is root (one round trip fewer than asRoot first).
    inspect: async () => withSession(rootSession(await connect()), inspectGateway),
    push: (plan, options) =>
      pushLinuxPlan(target, plan, { ...options, monitorScript: monitorScript(), poolChecksScript: poolChecksScript(), connectTimeoutMs: CONNECT_TIMEOUT_MS }),
    readState: async (links) => withSession(await session(), (s) => readGatewayState(s, links)),
    watch: (links, intervalMs) => watchGateway(links, { intervalMs, connect }),
    resetCounters: async () => withSession(await session(), resetGatewayCounters),
    blockProbes: async (plan, link, expiresAfterSec) => withSession(rootSession(await connect()), (s) => blockOnGateway(s, plan, link, expiresAfterSec)),
    restoreProbes: async () => withSession(rootSession(await connect()), restoreOnGateway),
  };
}

async function withSession<S extends { close: () => void }, T>(session: S, work: (session: S) => Promise<T>): Promise<T> {
  try {
    return await work(session);
  } finally {
    session.close();
  }
}

let cachedMonitor: string | undefined;
let cachedPoolChecks: string | undefined;

/** The server pools' backend checks, installed beside the monitor (which starts them). */
export function poolChecksScript(): string {
  cachedPoolChecks ??= readFileSync(path.join(/* turbopackIgnore: true */ process.cwd(), "src/lib/devices/linux/assets/pool-checks.sh"), "utf8");
  return cachedPoolChecks;
}

/** The on-gateway monitor ships as a plain sh file beside this code, so it can be read and shellchecked as such. */
export function monitorScript(): string {
  cachedMonitor ??= readFileSync(path.join(/* turbopackIgnore: true */ process.cwd(), "src/lib/devices/linux/assets/monitor.sh"), "utf8");
  return cachedMonitor;
}
