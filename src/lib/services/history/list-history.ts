import "server-only";
import type { z } from "zod";
import { requireRole, type ServiceContext } from "../context";
import { changesSince, toRevisionView } from "../policies/revisions-internal";
import { HistoryFilters, savedAtRange } from "./filters";
import type { HistoryEntry } from "@/lib/domain/history";
import { outcomeOf, toHistoryPush } from "./history-internal";

export const HISTORY_LIMIT = 500;

// Every policy change across devices, newest first: who saved it, why, what it changed (against the device's
// revision before it) and what became of its pushes. The outcome is known only after the pushes are read, so that
// filter is applied here rather than in the query (over at most HISTORY_LIMIT × 4 revisions).
export async function listHistory(ctx: ServiceContext, input: z.input<typeof HistoryFilters>): Promise<HistoryEntry[]> {
  requireRole(ctx, "viewer");
  const filters = HistoryFilters.parse(input);
  const rows = await ctx.db.policyRevision.findMany({
    where: { deviceId: filters.device, savedBy: filters.user, savedAt: savedAtRange(filters) },
    orderBy: [{ savedAt: "desc" }, { revision: "desc" }],
    take: filters.outcome ? HISTORY_LIMIT * 4 : HISTORY_LIMIT,
    include: { device: { select: { name: true } } },
  });
  const deviceIds = [...new Set(rows.map((r) => r.deviceId))];
  const [previous, pushes] = await Promise.all([
    ctx.db.policyRevision.findMany({ where: { deviceId: { in: deviceIds }, revision: { in: [...new Set(rows.map((r) => r.revision - 1))] } } }),
    ctx.db.push.findMany({
      where: { deviceId: { in: deviceIds }, revision: { in: [...new Set(rows.map((r) => r.revision))] } },
      orderBy: { startedAt: "desc" },
    }),
  ]);
  const entries = rows.map((row): HistoryEntry => {
    const before = previous.find((p) => p.deviceId === row.deviceId && p.revision === row.revision - 1);
    const own = pushes.filter((p) => p.deviceId === row.deviceId && p.revision === row.revision).map(toHistoryPush);
    return {
      deviceId: row.deviceId,
      deviceName: row.device.name,
      revision: row.revision,
      savedBy: row.savedBy,
      savedAt: row.savedAt.toISOString(),
      reason: row.reason,
      changes: changesSince(before ? toRevisionView(before) : null, toRevisionView(row)),
      pushes: own,
      outcome: outcomeOf(own),
    };
  });
  return entries.filter((e) => !filters.outcome || e.outcome === filters.outcome).slice(0, HISTORY_LIMIT);
}
