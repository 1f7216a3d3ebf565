import "server-only";

// A Linux gateway behind the device seam: inspect, compile, push, read, settle and remove, each over its own SSH
// connection(s). Failures to reach or log in leave as DeviceFailure, classified once (../failure.ts).

import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";

import type { DeviceDriver, DeviceInspection, DevicePlan, LinuxTarget } from "../../driver";
import { DeviceFailure } from "../../failure";
import { messageOf } from "../../push-progress";
import { checkLinuxConnection } from "../driver";
import { linuxGateway } from "../gateway";
import { linuxCapabilities, type GatewayInspection } from "../push/inspect";
import { removeLinuxPolicy } from "../push/remove-plan";
import { HostKeyMismatchError, SshError } from "../ssh-errors";
import { gatewayChanges } from "./changes";
import { toDeviceReading } from "./reading";
import { settleOnGateway } from "./settle";
import { linuxSiteMember } from "../site";

const inspected = new WeakMap<DeviceInspection, GatewayInspection>();

const asLinuxPlan = (plan: DevicePlan): LinuxPlan => {
  if (plan.target === "routeros") throw new Error("a RouterOS plan cannot be pushed to a Linux gateway");
  return plan;
};

/** SSH failures are device failures; anything else is ours and leaves as it is. */
async function classified<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HostKeyMismatchError) throw new DeviceFailure("host_key_mismatch", error.message, { cause: error });
    if (error instanceof SshError) throw new DeviceFailure(error.kind, error.message, { cause: error });
    throw error;
  }
}

const summary = (i: GatewayInspection): string =>
  `${i.has.nft ? `nftables (${i.nftVersion || "version unknown"})` : "iptables"}, conntrack ${i.has.conntrack ? "present" : "missing"}, ${i.systemd ? "systemd" : "no systemd"}`;

export function createLinuxDriver(target: LinuxTarget): DeviceDriver {
  const gateway = linuxGateway(target);
  const driver: DeviceDriver = {
    kind: "linux",
    checkConnection: (options) => checkLinuxConnection(target, options),
    inspect: () =>
      classified(async () => {
        const gatewayInspection = await gateway.inspect();
        const inspection: DeviceInspection = { capabilities: linuxCapabilities(gatewayInspection), summary: summary(gatewayInspection), warnings: [] };
        inspected.set(inspection, gatewayInspection);
        return inspection;
      }),
    compile: (intent, capabilities, options) => {
      const flavour = options.assume?.flavour ?? (capabilities?.firewall === "iptables" ? "iptables" : "nftables");
      const label = `Linux · ${flavour}`;
      try {
        const plan = compileLinux(intent, { flavour });
        return { plan, warnings: plan.warnings, label };
      } catch (error) {
        return { plan: null, warnings: [{ code: "linux-cannot-compile", severity: "error", message: messageOf(error) }], label };
      }
    },
    changes: (plan, inspection) => {
      const gatewayInspection = inspected.get(inspection);
      return gatewayInspection ? gatewayChanges(asLinuxPlan(plan), gatewayInspection) : null;
    },
    // The push's own inspection (its first step) goes along: not repeated, and the LAN watch counts from it.
    push: (plan, inspection, options) =>
      gateway.push(asLinuxPlan(plan), {
        pushId: options.pushId,
        planHash: options.planHash,
        lastAppliedTableHash: options.lastAppliedHash,
        confirmWindowSec: options.confirmWindowSec,
        gateTimeoutMs: 20_000,
        onProgress: options.onProgress,
        inspection: inspected.get(inspection),
      }),
    read: (plan, appliedHash) =>
      classified(async () => {
        const linux = asLinuxPlan(plan);
        const state = await gateway.readState(linux.monitor.links.map((l) => ({ name: l.name, mark: l.mark })));
        return toDeviceReading(state, linux, appliedHash);
      }),
    resetCounters: () => classified(async () => ({ reset: await gateway.resetCounters() })),
    settle: (plan, pushId) => classified(() => settleOnGateway(target, plan === null ? null : asLinuxPlan(plan), pushId)),
    remove: (inspection, options) =>
      removeLinuxPolicy(target, {
        pushId: options.pushId,
        confirmWindowSec: options.confirmWindowSec,
        gateTimeoutMs: 20_000,
        connectTimeoutMs: 10_000,
        onProgress: options.onProgress,
        inspection: inspected.get(inspection),
      }),
    blockProbes: (plan, block) => classified(() => gateway.blockProbes(asLinuxPlan(plan), block.link, block.expiresAfterSec)),
    restoreProbes: (plan) =>
      classified(async () => {
        asLinuxPlan(plan);
        await gateway.restoreProbes();
      }),
    // One SSH connection, one streaming exec: a frame every interval (../watch/).
    watch: (plan, appliedHash, options) => {
      const linux = asLinuxPlan(plan);
      const watch = gateway.watch(
        linux.monitor.links.map((l) => ({ name: l.name, mark: l.mark })),
        options.intervalMs,
      );
      return {
        poll: () => classified(async () => toDeviceReading(await watch.poll(), linux, appliedHash)),
        cost: watch.cost,
        close: watch.close,
      };
    },
    ...linuxSiteMember(target, classified),
  };
  return driver;
}
