import "server-only";
import type { AlertList } from "@/lib/domain/alerts/view";
import type { Db } from "@/lib/db/client";
import { requireRole, type ServiceContext } from "../context";
import type { Tx } from "../serializable";
import { ALERT_INCLUDE, toAlertView } from "./internal";

const RECENT = 50;

/** Open alerts (oldest first: the longest-standing problem on top) and the most recently resolved ones. */
export async function listAlerts(ctx: ServiceContext): Promise<AlertList> {
  requireRole(ctx, "viewer");
  const [open, recent] = await Promise.all([
    ctx.db.alert.findMany({ where: { resolvedAt: null }, orderBy: { openedAt: "asc" }, include: ALERT_INCLUDE }),
    ctx.db.alert.findMany({ where: { resolvedAt: { not: null } }, orderBy: { resolvedAt: "desc" }, take: RECENT, include: ALERT_INCLUDE }),
  ]);
  return { open: open.map(toAlertView), recent: recent.map(toAlertView) };
}

/** Open alerts per device id (the fleet page's column), quiet ones included: the problem is real either way. */
export async function openAlertCountsByDevice(db: Db | Tx): Promise<Map<string, number>> {
  const groups = await db.alert.groupBy({ by: ["deviceId"], where: { resolvedAt: null }, _count: { _all: true } });
  return new Map(groups.map((g) => [g.deviceId, g._count._all]));
}
