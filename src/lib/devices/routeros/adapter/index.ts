import "server-only";

// A MikroTik router behind the device seam: inspect, compile, push, read, settle and remove, each over its own API
// session(s). Failures to reach or talk to the router leave as DeviceFailure, classified once (../failure.ts).

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";

import type { DeviceDriver, DeviceInspection, DevicePlan, RouterOsTarget } from "../../driver";
import { DeviceFailure } from "../../failure";
import { checkRouterConnection } from "../driver";
import { toConnectionFailure } from "../failure";
import { parseRouterOsVersion } from "@/lib/domain/routeros-version";
import { parseResource } from "../transform";
import { inspectRouter, type RouterInspection } from "../push/inspect";
import { pushRouterOsPlan } from "../push/push-plan";
import { readRouterState } from "../readback/read-state";
import { resetWaymarkCounters } from "../readback/reset-counters";
import { sessionOpener } from "../router";
import type { RouterOsClient } from "../api-client";
import { readCapabilityRows, toCapabilities } from "./capabilities";
import { routerChanges } from "./changes";
import { compileForRouter } from "./compile";
import { toDeviceReading } from "./reading";
import { settleOnRouter } from "./settle";
import { blockOnRouter, restoreOnRouter } from "./drill";
import { watchRouter } from "../watch";

/** The router's own details of an inspection, kept beside the kind-neutral part the services see. */
const inspected = new WeakMap<DeviceInspection, RouterInspection>();

const asRouterPlan = (plan: DevicePlan): RouterOsPlan => {
  if (plan.target !== "routeros") throw new Error(`a ${plan.target} plan cannot be pushed to a MikroTik router`);
  return plan;
};

/** The plan of "no Waymark object at all", in the router's major version's menus. */
const emptyPlan = (major: number): RouterOsPlan => ({
  target: "routeros",
  version: major >= 7 ? "7" : "6",
  balancer: "pcc",
  objects: [],
  removeConnections: [],
  warnings: [],
  script: "# Waymark: remove every object Waymark created\n",
});

async function majorOf(client: RouterOsClient): Promise<number> {
  const { rows } = await client.command(["/system/resource/print", "=.proplist=version,board-name"]);
  return parseRouterOsVersion(parseResource(rows).version)?.major ?? 0;
}

const summary = (i: RouterInspection): string =>
  [
    `${i.identity} (${i.model}, RouterOS ${i.version}), safe mode ${i.safeMode ? "available" : "not available"}`,
    ...i.warnings.map((w) => `warning: ${w}`),
  ].join("; ");

const NOT_A_SITE_MEMBER = "a RouterOS router cannot be a member of a site yet: shared virtual IPs and BGP anycast need a Linux host";

export function createRouterOsDriver(target: RouterOsTarget, versionHint: string | null = null): DeviceDriver {
  const where = `${target.host}:${target.port}`;
  const open = sessionOpener(target);
  const withRouter = async <T>(work: (client: RouterOsClient) => Promise<T>): Promise<T> => {
    let client: RouterOsClient | undefined;
    try {
      client = await open();
      return await work(client);
    } catch (error) {
      const failure = toConnectionFailure(error, where);
      throw failure ? new DeviceFailure(failure.status, failure.message, { cause: error }) : error;
    } finally {
      await client?.close();
    }
  };
  const driver: DeviceDriver = {
    kind: "routeros",
    checkConnection: (options) => checkRouterConnection(target, options),
    inspect: () =>
      withRouter(async (client) => {
        const router = await inspectRouter(client, { objects: [] });
        const capabilities = toCapabilities(await readCapabilityRows(client, router.major), router.version, router.major);
        const inspection: DeviceInspection = { capabilities, summary: summary(router), warnings: router.warnings };
        inspected.set(inspection, router);
        return inspection;
      }),
    compile: (intent, capabilities, options) => compileForRouter(intent, capabilities, { ...options, versionHint }),
    changes: (plan, inspection) => {
      const router = inspected.get(inspection);
      return router ? routerChanges(asRouterPlan(plan), router.current) : null;
    },
    push: (plan, inspection, options) => pushRouterOsPlan(open, asRouterPlan(plan), options, inspected.get(inspection)),
    read: (plan) => withRouter(async (client) => toDeviceReading(await readRouterState(client, asRouterPlan(plan)), asRouterPlan(plan))),
    resetCounters: () => withRouter(async (client) => ({ reset: await resetWaymarkCounters(client) })),
    // A removal (plan null) is settled against the empty plan: confirmed when no Waymark object is left.
    settle: (plan, pushId) =>
      withRouter(async (client) => settleOnRouter(client, plan === null ? emptyPlan(await majorOf(client)) : asRouterPlan(plan), pushId)),
    remove: (inspection, options) => {
      const router = inspected.get(inspection);
      return pushRouterOsPlan(open, emptyPlan(router?.major ?? 0), options, router);
    },
    blockProbes: (plan, block) => withRouter((client) => blockOnRouter(client, asRouterPlan(plan), block.link, block.expiresAfterSec)),
    restoreProbes: (plan) =>
      withRouter((client) => {
        asRouterPlan(plan);
        return restoreOnRouter(client);
      }),
    // One kept-open session, trimmed counter reads (../watch). Drift is judged against the plan, as `read` does.
    watch: (plan, _appliedHash, options) => watchRouter(target, asRouterPlan(plan), options),
    // Shared virtual IPs and BGP anycast are realised with nftables, a heartbeat daemon and BIRD on Linux hosts.
    applyMember: async () => ({ outcome: "refused", reason: NOT_A_SITE_MEMBER }),
    removeMember: async () => ({ outcome: "refused", reason: NOT_A_SITE_MEMBER }),
    readMember: async () => {
      throw new Error(NOT_A_SITE_MEMBER);
    },
    watchMember: () => {
      throw new Error(NOT_A_SITE_MEMBER);
    },
  };
  return driver;
}
