import "server-only";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { siteSummary, type MemberLive, type SiteLive } from "@/lib/domain/site";
import { DeviceFailure } from "@/lib/devices";
import { messageOf } from "@/lib/devices/push-progress";
import { requireRole, type ServiceContext } from "../context";
import { failureProblem } from "../devices/device-failure";
import { driverForDevice } from "../pushes/driver-for-device";
import { appliedPlanOf, getSiteOrThrow, orderedMembers, storedIntent, ZRole, type MemberRow } from "./internal";

const READ_TIMEOUT_MS = 15_000;

// What each member does now, read from its device at once (each with its own deadline): a member that cannot be
// read says why in the monitor's words, and the others still answer. Rates need two readings: the site monitor
// streams them (GET /sites/{id}/live); this one-off read leaves them empty.
export async function readSiteState(ctx: ServiceContext, siteId: string): Promise<SiteLive> {
  requireRole(ctx, "viewer");
  const site = await getSiteOrThrow(ctx.db, siteId);
  const intent = storedIntent(site);
  const rows = orderedMembers(site, intent).map(({ row }) => row);
  const devices = await ctx.db.device.findMany({ where: { id: { in: rows.map((r) => r.deviceId) } } });
  const members = await Promise.all(rows.map((row) => readMember(row, devices.find((d) => d.id === row.deviceId)!)));
  return {
    siteId: site.id,
    name: site.name,
    kind: intent.kind,
    atMs: Date.now(),
    // Not a poller's update (the live bus never sees it): no place in a sequence, the monitor's default interval.
    seq: 0,
    polledBy: "one-off read",
    intervalMs: 2_000,
    members,
    summary: siteSummary(
      intent.kind,
      members.map((live, i) => ({ live, plan: appliedPlanOf(rows[i]!) })),
    ),
  };
}

async function readMember(row: MemberRow, device: Device): Promise<MemberLive> {
  const common = { device: row.deviceId, deviceName: row.device.name, role: ZRole.parse(row.role), rates: {}, nextAttemptAt: null };
  const plan = appliedPlanOf(row);
  if (plan === null) return { ...common, status: "not_pushed", problem: "nothing of this site has been pushed to this device yet", reading: null };
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeviceFailure("timed_out", `no answer within ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS);
    });
    const reading = await Promise.race([driverForDevice(device).readMember(plan, row.appliedHash), deadline]);
    return { ...common, status: "ok", problem: null, reading };
  } catch (error) {
    if (error instanceof DeviceFailure) return { ...common, status: error.status, problem: failureProblem(error), reading: null };
    return { ...common, status: "failed", problem: messageOf(error), reading: null };
  } finally {
    clearTimeout(timer);
  }
}
