import "server-only";
import { newId } from "@/lib/auth/tokens";
import { actorName, actorUserId, type ServiceContext } from "../context";

export type AuditOutcome = "ok" | "denied" | "invalid" | "error";

export type AuditEntry = {
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
};

// Called by the HTTP boundary for every state-changing request, whatever its outcome, and by services for
// consequences a request does not name (e.g. a host key pinned during a connection test).
// `detail` must never carry secrets: callers pass ids, names and error codes only.
export async function recordAuditEvent(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await ctx.db.auditEvent.create({
    data: {
      id: newId(),
      actorType: ctx.actor.type,
      actorId: actorUserId(ctx.actor),
      actorName: actorName(ctx.actor),
      action: entry.action,
      target: entry.target ?? null,
      ip: ctx.ip,
      outcome: entry.outcome,
      detail: JSON.stringify(entry.detail ?? {}),
    },
  });
}
