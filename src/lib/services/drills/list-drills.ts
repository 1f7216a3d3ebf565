import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { NotFoundError } from "../errors";
import { toDrillView, type DrillView } from "./internal";

const WAIT_POLL_MS = 200;

/** The device's drills, newest first (the trend and the results table read these). */
export async function listDrills(ctx: ServiceContext, deviceId: string): Promise<DrillView[]> {
  requireRole(ctx, "viewer");
  await getDeviceOrThrow(ctx.db, deviceId);
  const rows = await ctx.db.failoverDrill.findMany({ where: { deviceId }, orderBy: { startedAt: "desc" }, take: 100 });
  return rows.map(toDrillView);
}

export async function getDrill(ctx: ServiceContext, drillId: string): Promise<DrillView> {
  requireRole(ctx, "viewer");
  const row = await ctx.db.failoverDrill.findUnique({ where: { id: drillId } });
  if (!row) throw new NotFoundError("drill", drillId);
  return toDrillView(row);
}

// As pushes: the drill as soon as it has ended, or as it stands when `waitSec` runs out; read from the database, so
// it works whichever dashboard process runs the drill.
export async function waitForDrill(ctx: ServiceContext, drillId: string, waitSec: number): Promise<DrillView> {
  requireRole(ctx, "viewer");
  const deadline = Date.now() + waitSec * 1000;
  for (;;) {
    const drill = await getDrill(ctx, drillId);
    if (drill.outcome !== "running" || Date.now() >= deadline) return drill;
    await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now()))));
  }
}
