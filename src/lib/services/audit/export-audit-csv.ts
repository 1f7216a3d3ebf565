import "server-only";
import type { z } from "zod";
import type { ServiceContext } from "../context";
import { toCsv } from "../csv";
import type { AuditFilters } from "./audit-filters";
import { listAuditEvents } from "./list-audit-events";

const HEADER = ["at (UTC)", "who", "actor type", "action", "target", "target id", "from", "outcome", "detail"];

// The audit log as a spreadsheet, with the screen's filters: the newest 500 events that match.
export async function exportAuditCsv(ctx: ServiceContext, filters: z.input<typeof AuditFilters>): Promise<string> {
  const events = await listAuditEvents(ctx, { ...filters, limit: 500 });
  return toCsv(
    HEADER,
    events.map((e) => [e.at, e.actorName, e.actorType, e.action, e.targetName, e.target, e.ip, e.outcome, JSON.stringify(e.detail)]),
  );
}
