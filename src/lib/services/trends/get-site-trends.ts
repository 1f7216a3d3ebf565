import "server-only";
import { chooseResolution, RESOLUTION_WORDS } from "@/lib/domain/monitor/history/plan";
import { MEMBER_ROLES, type MemberRole } from "@/lib/domain/site/intent";
import { memberBands, SITE_TREND_RANGES, type SiteTrendEvent, type SiteTrendRange, type SiteTrends, siteSeriesBySubject } from "@/lib/domain/site/trends";
import { requireRole, type ServiceContext } from "../context";
import { NotFoundError } from "../errors";
import { historyRetention } from "./get-trends";
import { siteHistory } from "./history-store";
import { pointsAt } from "./points-at";

// A site's history over the last 15 minutes … 30 days, for the site's Trends: per member its traffic, connections
// and state bands, per server behind the edge what the edge forwarded, and the members' node, route and BGP
// changes. The resolution follows the span as a device's trends do (raw up to 2 h, minutes to 3 days, hours beyond).

const SITE_SUBJECTS = ["node", "route", "bgp"] as const;
const DEFAULT_STEP_MS = 2_000;

export async function getSiteTrends(ctx: ServiceContext, siteId: string, range: SiteTrendRange, nowMs = Date.now()): Promise<SiteTrends> {
  requireRole(ctx, "viewer");
  const site = await ctx.db.site.findUnique({ where: { id: siteId }, include: { members: { include: { device: { select: { name: true } } } } } });
  if (!site) throw new NotFoundError("site", siteId);
  const toMs = nowMs;
  const fromMs = nowMs - SITE_TREND_RANGES[range];
  const resolution = chooseResolution(fromMs, toMs, nowMs, historyRetention());
  const block = await pointsAt(ctx.db, siteHistory, siteId, resolution, fromMs, toMs);
  const { members, nexthops } = siteSeriesBySubject(block);
  const names = new Map(site.members.map((m) => [m.deviceId, m.device.name]));
  const roles = new Map(site.members.map((m) => [m.deviceId, m.role as MemberRole]));
  const step = resolution > 0 ? resolution * 1000 : DEFAULT_STEP_MS;
  const deviceIds = [...new Set([...site.members.map((m) => m.deviceId), ...members.keys()])];
  const events = await ctx.db.stateEvent.findMany({
    where: {
      deviceId: { in: deviceIds },
      subject: { in: [...SITE_SUBJECTS] },
      OR: [{ name: site.name }, { name: { startsWith: `${site.name}/` } }],
      atMs: { gte: BigInt(fromMs), lt: BigInt(toMs) },
    },
    orderBy: { atMs: "asc" },
    take: 2000,
  });
  return {
    siteId,
    name: site.name,
    kind: site.kind === "anycast" ? "anycast" : "shared-vip",
    range,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    resolution: RESOLUTION_WORDS[resolution],
    resolutionSec: resolution,
    times: block.times.map((t) => t / 1000),
    members: deviceIds
      .filter((device) => roles.has(device) || members.has(device))
      .map((device) => {
        const series = members.get(device) ?? {};
        const role = roles.get(device);
        return {
          device,
          deviceName: names.get(device) ?? device,
          role: role && MEMBER_ROLES.includes(role) ? role : site.kind === "anycast" ? "anycast-server" : "vip-node",
          series,
          bands: memberBands(block.times, series, step, fromMs, toMs),
        };
      }),
    nexthops: [...nexthops.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([server, series]) => ({ server, serverName: names.get(server) ?? null, series })),
    events: events.map(
      (e): SiteTrendEvent => ({
        device: e.deviceId,
        deviceName: names.get(e.deviceId) ?? e.deviceId,
        subject: e.subject as SiteTrendEvent["subject"],
        name: e.name,
        state: e.state,
        previous: e.previous,
        at: new Date(Number(e.atMs)).toISOString(),
        detail: e.detail,
      }),
    ),
  };
}
