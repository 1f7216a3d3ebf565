import "server-only";
import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { linuxGateway } from "@/lib/devices/linux/gateway";
import type { GatewayState } from "@/lib/devices/linux/read-state";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow, toTarget } from "../devices/internal";
import { PreconditionFailedError } from "../errors";

export type DeviceStateView = Omit<GatewayState, "links"> & {
  links: (Omit<GatewayState["links"][number], "newConnections" | "tx" | "rx"> & {
    newConnections: { packets: string; bytes: string } | null;
    tx: { packets: string; bytes: string } | null;
    rx: { packets: string; bytes: string } | null;
  })[];
  /** Waymark's table on the device differs from what the last confirmed push left there. */
  drift: boolean;
  lastPush: { id: string; status: string; at: string } | null;
};

// Counters are bigint on the device side; JSON carries them as decimal strings so nothing rounds.
export async function readDeviceState(ctx: ServiceContext, deviceId: string): Promise<DeviceStateView> {
  requireRole(ctx, "viewer");
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const target = toTarget(device);
  if (target.kind !== "linux") throw new PreconditionFailedError("state read-back for MikroTik routers is not available yet");
  const confirmed = await ctx.db.push.findFirst({ where: { deviceId, status: { in: ["confirmed", "unchanged"] } }, orderBy: { startedAt: "desc" } });
  if (!confirmed) throw new PreconditionFailedError("nothing has been pushed to this device yet");
  const plan = JSON.parse(confirmed.plan) as LinuxPlan;
  const state = await linuxGateway(target).readState(plan.monitor.links.map((l) => ({ name: l.name, mark: l.mark })));
  const text = (c: { packets: bigint; bytes: bigint } | null) => (c ? { packets: c.packets.toString(), bytes: c.bytes.toString() } : null);
  return {
    ...state,
    links: state.links.map((l) => ({ ...l, newConnections: text(l.newConnections), tx: text(l.tx), rx: text(l.rx) })),
    drift: confirmed.appliedHash !== null && state.tableHash !== confirmed.appliedHash,
    lastPush: { id: confirmed.id, status: confirmed.status, at: confirmed.startedAt.toISOString() },
  };
}
