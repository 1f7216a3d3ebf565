import "server-only";
import { z } from "zod";
import { requireRole, type ServiceContext } from "../context";

export const ListAuditEventsInput = z.strictObject({
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
  ip: string | null;
  outcome: string;
  detail: Record<string, unknown>;
};

export async function listAuditEvents(ctx: ServiceContext, input: z.input<typeof ListAuditEventsInput>): Promise<AuditEventView[]> {
  requireRole(ctx, "admin");
  const { limit, before } = ListAuditEventsInput.parse(input);
  const rows = await ctx.db.auditEvent.findMany({
    where: before ? { at: { lt: new Date(before) } } : undefined,
    orderBy: { at: "desc" },
    take: limit,
  });
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actorType: row.actorType,
    actorName: row.actorName,
    action: row.action,
    target: row.target,
    ip: row.ip,
    outcome: row.outcome,
    detail: ZAuditDetail.parse(JSON.parse(row.detail)),
  }));
}
