import "server-only";
import type { LinuxPlan } from "@/lib/domain/compile/linux";
import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import { linuxGateway } from "@/lib/devices/linux/gateway";
import type { GatewayState } from "@/lib/devices/linux/read-state";
import { routerOsRouter, type RouterState } from "@/lib/devices/routeros/router";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow, toTarget } from "../devices/internal";
import { PreconditionFailedError } from "../errors";

type CounterText = { packets: string; bytes: string };

export type LinuxStateView = Omit<GatewayState, "links"> & {
  kind: "linux";
  links: (Omit<GatewayState["links"][number], "newConnections" | "tx" | "rx"> & {
    newConnections: CounterText | null;
    tx: CounterText | null;
    rx: CounterText | null;
  })[];
  /** Waymark's table on the device differs from what the last confirmed push left there. */
  drift: boolean;
  lastPush: { id: string; status: string; at: string } | null;
};

export type RouterOsStateView = Omit<RouterState, "rules" | "interfaces" | "drift"> & {
  kind: "routeros";
  rules: (Omit<RouterState["rules"][number], "bytes" | "packets"> & CounterText)[];
  interfaces: (Omit<RouterState["interfaces"][number], "rxByte" | "txByte"> & { rxByte: string; txByte: string })[];
  /** Waymark objects on the router that differ from the last confirmed plan (missing, changed, moved, extra). */
  driftEntries: RouterState["drift"];
  drift: boolean;
  lastPush: { id: string; status: string; at: string } | null;
};

export type DeviceStateView = LinuxStateView | RouterOsStateView;

// Counters are bigint on the device side; JSON carries them as decimal strings so nothing rounds.
export async function readDeviceState(ctx: ServiceContext, deviceId: string): Promise<DeviceStateView> {
  requireRole(ctx, "viewer");
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const target = toTarget(device);
  const confirmed = await ctx.db.push.findFirst({ where: { deviceId, status: { in: ["confirmed", "unchanged"] } }, orderBy: { startedAt: "desc" } });
  if (!confirmed) throw new PreconditionFailedError("nothing has been pushed to this device yet");
  const lastPush = { id: confirmed.id, status: confirmed.status, at: confirmed.startedAt.toISOString() };
  if (target.kind === "routeros") {
    const state = await routerOsRouter(target).readState(JSON.parse(confirmed.plan) as RouterOsPlan);
    return {
      ...state,
      kind: "routeros",
      rules: state.rules.map((r) => ({ ...r, bytes: r.bytes.toString(), packets: r.packets.toString() })),
      interfaces: state.interfaces.map((i) => ({ ...i, rxByte: i.rxByte.toString(), txByte: i.txByte.toString() })),
      driftEntries: state.drift,
      drift: state.drift.length > 0,
      lastPush,
    };
  }
  const plan = JSON.parse(confirmed.plan) as LinuxPlan;
  const state = await linuxGateway(target).readState(plan.monitor.links.map((l) => ({ name: l.name, mark: l.mark })));
  const text = (c: { packets: bigint; bytes: bigint } | null) => (c ? { packets: c.packets.toString(), bytes: c.bytes.toString() } : null);
  return {
    ...state,
    kind: "linux",
    links: state.links.map((l) => ({ ...l, newConnections: text(l.newConnections), tx: text(l.tx), rx: text(l.rx) })),
    drift: confirmed.appliedHash !== null && state.tableHash !== confirmed.appliedHash,
    lastPush,
  };
}
