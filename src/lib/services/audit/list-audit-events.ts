import "server-only";
import { z } from "zod";
import { requireRole, type ServiceContext } from "../context";
import { AuditFilters, auditWhere } from "./audit-filters";
import { targetNames } from "./audit-targets";

export const ListAuditEventsInput = AuditFilters.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.iso.datetime().optional(),
});

// Written by recordAuditEvent as a JSON object; read back through a schema like every stored JSON.
const ZAuditDetail = z.record(z.string(), z.unknown());

export type AuditEventView = {
  id: string;
  at: string;
  actorType: string;
  actorName: string;
  action: string;
  target: string | null;
  /** The target by name: the device's or user's name, or its id and "(deleted)". */
  targetName: string | null;
  ip: string | null;
  outcome: string;
  detail: Record<string, unknown>;
};

export async function listAuditEvents(ctx: ServiceContext, input: z.input<typeof ListAuditEventsInput>): Promise<AuditEventView[]> {
  requireRole(ctx, "admin");
  const { limit, before, ...filters } = ListAuditEventsInput.parse(input);
  const rows = await ctx.db.auditEvent.findMany({ where: auditWhere(filters, before), orderBy: { at: "desc" }, take: limit });
  const names = await targetNames(ctx.db, rows);
  return rows.map((row, i) => ({
    id: row.id,
    at: row.at.toISOString(),
    actorType: row.actorType,
    actorName: row.actorName,
    action: row.action,
    target: row.target,
    targetName: names[i] ?? null,
    ip: row.ip,
    outcome: row.outcome,
    detail: ZAuditDetail.parse(JSON.parse(row.detail)),
  }));
}
