import "server-only";
import { env } from "@/lib/env";
import { type Retention, chooseResolution, RESOLUTION_WORDS } from "@/lib/domain/monitor/history/plan";
import { linkBands, linkStateAt, seriesBySubject, type TrendEvent, type Trends } from "@/lib/domain/monitor/history/trends";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { deviceHistory } from "./history-store";
import { pointsAt } from "./points-at";
import type { TrendsQueryInput } from "./trends-query";

export function historyRetention(): Retention {
  const e = env();
  return {
    rawHours: e.WAYMARK_HISTORY_RAW_HOURS,
    minuteDays: e.WAYMARK_HISTORY_MINUTE_DAYS,
    hourDays: e.WAYMARK_HISTORY_HOUR_DAYS,
    eventDays: e.WAYMARK_HISTORY_EVENT_DAYS,
  };
}

type EventRow = {
  subject: string;
  name: string;
  state: string;
  previous: string | null;
  atMs: bigint;
  lossPercent: number | null;
  rttMs: number | null;
  detail: string;
};

const toEvent = (e: EventRow): TrendEvent => ({
  subject: e.subject as TrendEvent["subject"],
  name: e.name,
  state: e.state,
  previous: e.previous,
  at: new Date(Number(e.atMs)).toISOString(),
  lossPercent: e.lossPercent,
  rttMs: e.rttMs,
  detail: e.detail,
});

/** A device's history over a span, at the resolution the span calls for, with its state timeline. */
export async function getTrends(ctx: ServiceContext, deviceId: string, query: TrendsQueryInput, nowMs = Date.now()): Promise<Trends> {
  requireRole(ctx, "viewer");
  await getDeviceOrThrow(ctx.db, deviceId);
  const fromMs = Date.parse(query.from);
  const toMs = Date.parse(query.to);
  const resolution = chooseResolution(fromMs, toMs, nowMs, historyRetention());
  const block = await pointsAt(ctx.db, deviceHistory, deviceId, resolution, fromMs, toMs);
  const { links, backends } = seriesBySubject(block);
  const events = await ctx.db.stateEvent.findMany({
    where: { deviceId, atMs: { gte: BigInt(fromMs), lt: BigInt(toMs) } },
    orderBy: { atMs: "asc" },
    take: 2000,
  });
  const linkNames = [...new Set([...links.keys(), ...events.filter((e) => e.subject === "link").map((e) => e.name)])].sort();
  const linkViews = await Promise.all(
    linkNames.map(async (name) => {
      const series = links.get(name) ?? {};
      const before = await ctx.db.stateEvent.findFirst({
        where: { deviceId, subject: "link", name, atMs: { lt: BigInt(fromMs) } },
        orderBy: { atMs: "desc" },
      });
      const firstIndex = block.times.findIndex((_, i) => linkStateAt(series, i) !== null);
      const changes = events.filter((e) => e.subject === "link" && e.name === name).map((e) => ({ ...e, atMs: Number(e.atMs) }));
      const firstPoint = firstIndex < 0 ? null : { atMs: block.times[firstIndex]!, state: linkStateAt(series, firstIndex) ?? "unknown" };
      const bands = linkBands(changes, before?.state ?? null, firstPoint, fromMs, toMs);
      return { name, series, bands };
    }),
  );
  return {
    deviceId,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    resolution: RESOLUTION_WORDS[resolution],
    resolutionSec: resolution,
    times: block.times.map((t) => t / 1000),
    links: linkViews,
    backends: [...backends.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, series]) => ({ key, series })),
    events: events.map(toEvent),
  };
}
