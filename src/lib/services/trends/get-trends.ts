import "server-only";
import { env } from "@/lib/env";
import { type Retention, chooseResolution, RESOLUTION_WORDS, type Resolution } from "@/lib/domain/monitor/history/plan";
import { rollup } from "@/lib/domain/monitor/history/rollup";
import { mergeBlocks, type SeriesBlock, sliceBlock } from "@/lib/domain/monitor/history/series";
import { linkBands, linkStateAt, seriesBySubject, type TrendEvent, type Trends } from "@/lib/domain/monitor/history/trends";
import type { Db } from "@/lib/db/client";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { readBlocks, readRawSamples } from "./stored-blocks";
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

const FINER: Record<60 | 3600, Resolution> = { 60: 0, 3600: 60 };

/**
 * Points of a resolution over [fromMs, toMs): the stored blocks, and past the last of them (the hour or day not
 * yet rolled up) the finer points rolled up on the spot, so the newest minutes show at every resolution.
 */
async function pointsAt(db: Db, deviceId: string, resolution: Resolution, fromMs: number, toMs: number): Promise<SeriesBlock> {
  const stored = await readBlocks(db, deviceId, resolution, fromMs, toMs);
  if (resolution === 0) return mergeBlocks([stored.block, await readRawSamples(db, deviceId, fromMs, toMs)]);
  const step = resolution * 1000;
  const tailFrom = Math.floor(Math.max(fromMs, stored.coveredUntil ?? fromMs) / step) * step;
  if (tailFrom >= toMs) return stored.block;
  const finer = await pointsAt(db, deviceId, FINER[resolution], tailFrom, toMs);
  return sliceBlock(mergeBlocks([stored.block, rollup(finer, step)]), Math.floor(fromMs / step) * step, toMs);
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
  const block = await pointsAt(ctx.db, deviceId, resolution, fromMs, toMs);
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
