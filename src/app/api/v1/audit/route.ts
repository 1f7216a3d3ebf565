// GET /api/v1/audit – the audit log, newest first
import { admin } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { listAuditEvents } from "@/lib/services/audit";

export const GET = handle(admin.listAudit, async ({ ctx, query }) => ({ data: await listAuditEvents(ctx, query) }));
