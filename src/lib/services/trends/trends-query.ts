import { z } from "zod";
import { MAX_TREND_SPAN_MS } from "@/lib/domain/monitor/history/plan";
import { ZSiteTrendRange } from "@/lib/domain/site/trends";

// GET /devices/{id}/trends?from=…&to=…: a span of ISO 8601 times (with a zone), from before to, at most 400 days.
const ZWhen = z.iso.datetime({ offset: true, message: "an ISO 8601 time such as 2026-12-06T10:00:00Z" });

export const TrendsQuery = z
  .strictObject({ from: ZWhen, to: ZWhen })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { message: "`to` must be after `from`", path: ["to"] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_TREND_SPAN_MS, {
    message: "the span is too long: at most 400 days",
    path: ["from"],
  });
export type TrendsQueryInput = z.infer<typeof TrendsQuery>;

/** GET /sites/{id}/trends?range=15m|1h|6h|24h|7d|30d: the last span up to now; an hour when not said. */
export const SiteTrendsQuery = z.strictObject({ range: ZSiteTrendRange.default("1h") });
