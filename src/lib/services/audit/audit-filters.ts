import { z } from "zod";

// The audit log's filters, shared by the page's GET form, GET /audit and GET /audit.csv. Empty fields (a form
// sends every field) mean "any"; dates are whole days in UTC.

export const AUDIT_OUTCOMES = ["ok", "denied", "invalid", "error"] as const;

const blankIsAny = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
const ZDay = z.iso.date("a date such as 2026-12-05");

export const AuditFilters = z.strictObject({
  /** Who acted, as the log names them ("alice", "ci (token deploy)"). */
  user: blankIsAny(z.string().max(200)),
  /** Events about this device (its id). */
  device: blankIsAny(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not a valid device id")),
  outcome: blankIsAny(z.enum(AUDIT_OUTCOMES)),
  from: blankIsAny(ZDay),
  to: blankIsAny(ZDay),
});
export type AuditFilterValues = z.output<typeof AuditFilters>;

export function auditWhere(filters: AuditFilterValues, before?: string) {
  const at =
    filters.from || filters.to || before
      ? {
          ...(filters.from ? { gte: new Date(`${filters.from}T00:00:00.000Z`) } : {}),
          ...(filters.to ? { lte: new Date(`${filters.to}T23:59:59.999Z`) } : {}),
          ...(before ? { lt: new Date(before) } : {}),
        }
      : undefined;
  return {
    actorName: filters.user,
    outcome: filters.outcome,
    target: filters.device ? { in: [filters.device, `device:${filters.device}`] } : undefined,
    at,
  };
}
