import "server-only";
import type { SitePushView } from "@/lib/domain/site";
import { requireRole, type ServiceContext } from "../context";
import { NotFoundError } from "../errors";
import { getSiteOrThrow, sitePushViews } from "./internal";

const POLL_MS = 200;

export async function listSitePushes(ctx: ServiceContext, siteId: string): Promise<SitePushView[]> {
  requireRole(ctx, "viewer");
  await getSiteOrThrow(ctx.db, siteId);
  const pushes = await ctx.db.sitePush.findMany({ where: { siteId }, orderBy: { startedAt: "desc" }, take: 50, include: { members: true } });
  return sitePushViews(ctx.db, pushes);
}

/** One site push; with `waitSec`, as soon as it has ended or as it stands when the wait runs out (read from the database). */
export async function getSitePush(ctx: ServiceContext, siteId: string, pushId: string, waitSec = 0): Promise<SitePushView> {
  requireRole(ctx, "viewer");
  const deadline = Date.now() + waitSec * 1000;
  for (;;) {
    const push = await ctx.db.sitePush.findFirst({ where: { id: pushId, siteId }, include: { members: true } });
    if (!push) throw new NotFoundError("site push", pushId);
    if (push.status !== "running" || Date.now() >= deadline) return (await sitePushViews(ctx.db, [push]))[0]!;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
  }
}
