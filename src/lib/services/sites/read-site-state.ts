import "server-only";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { siteSummary, type MemberLive, type SiteLive } from "@/lib/domain/site";
import { DeviceFailure } from "@/lib/devices";
import { siteBus } from "@/lib/live/bus";
import { messageOf } from "@/lib/devices/push-progress";
import { requireRole, type ServiceContext } from "../context";
import { failureProblem } from "../devices/device-failure";
import { driverForDevice } from "../pushes/driver-for-device";
import { appliedPlanOf, getSiteOrThrow, orderedMembers, storedIntent, ZRole, type MemberRow } from "./internal";

const READ_TIMEOUT_MS = 15_000;

// What each member does now. The site monitor answers when its last poll of these members is younger than two
// intervals (with its rates), so an open page — the site list asks for every pushed site — never makes the
// dashboard log into a device beside it. Otherwise each member is read from its device at once (each with its own
// deadline): a member that cannot be read says why in the monitor's words, and the others still answer; rates need
// two readings, so this one-off read leaves them empty.
export async function readSiteState(ctx: ServiceContext, siteId: string): Promise<SiteLive> {
  requireRole(ctx, "viewer");
  const site = await getSiteOrThrow(ctx.db, siteId);
  const intent = storedIntent(site);
  const rows = orderedMembers(site, intent).map(({ row }) => row);
  const monitored = siteBus().latest(siteId);
  if (monitored && monitorCovers(monitored, rows)) return monitored;
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

/** The monitor's last poll is fresh and of exactly the members that have a plan on their device. */
function monitorCovers(live: SiteLive, rows: readonly MemberRow[]): boolean {
  if (Date.now() - live.atMs >= 2 * live.intervalMs) return false;
  const polled = new Set(live.members.filter((m) => m.status !== "not_pushed").map((m) => m.device));
  const applied = rows.filter((row) => appliedPlanOf(row) !== null).map((row) => row.deviceId);
  return applied.length === polled.size && applied.every((id) => polled.has(id));
}
