// GET /api/v1/audit.csv – the audit log as CSV, with the audit page's filters
import { admin } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { exportAuditCsv } from "@/lib/services/audit";

export const GET = handle(admin.exportAuditCsv, async ({ ctx, query }) => ({
  data: null,
  file: { body: await exportAuditCsv(ctx, query), filename: "waymark-audit.csv" },
}));
