import { z } from "zod";
import { HISTORY_OUTCOMES, type HistoryFilterValues } from "@/lib/domain/history";

// The history's filters, from the page's plain GET form and the CSV export's query string alike. Empty fields
// (a form sends every field) mean "any". Dates are whole days, in UTC.

const blankIsAny = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
const ZDay = z.iso.date("a date such as 2026-12-05");

export const HistoryFilters = z.strictObject({
  device: blankIsAny(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not a valid device id")),
  user: blankIsAny(z.string().max(200)),
  from: blankIsAny(ZDay),
  to: blankIsAny(ZDay),
  outcome: blankIsAny(z.enum(HISTORY_OUTCOMES)),
});

/** savedAt bounds for a day range: from the start of `from` to the end of `to`. */
export function savedAtRange(filters: HistoryFilterValues): { gte?: Date; lte?: Date } | undefined {
  if (!filters.from && !filters.to) return undefined;
  return {
    ...(filters.from ? { gte: new Date(`${filters.from}T00:00:00.000Z`) } : {}),
    ...(filters.to ? { lte: new Date(`${filters.to}T23:59:59.999Z`) } : {}),
  };
}
