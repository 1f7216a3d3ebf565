import "server-only";
import { requireRole, type ServiceContext } from "../context";

export type AuditChoices = { users: string[]; devices: { id: string; name: string }[] };

// What the audit log's filters offer: everyone who appears in it, and every device.
export async function auditChoices(ctx: ServiceContext): Promise<AuditChoices> {
  requireRole(ctx, "admin");
  const [actors, devices] = await Promise.all([
    ctx.db.auditEvent.findMany({ select: { actorName: true }, distinct: ["actorName"], orderBy: { actorName: "asc" } }),
    ctx.db.device.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { users: actors.map((a) => a.actorName), devices };
}
