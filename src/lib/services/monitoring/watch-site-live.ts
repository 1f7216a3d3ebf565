import "server-only";
import { siteBus } from "@/lib/live/bus";
import { requireRole, type ServiceContext } from "../context";
import { NotFoundError } from "../errors";
import type { LiveFeed } from "./feed";

/**
 * One site's live feed: its latest update and the last minutes of its members' rates (the sparklines), then every
 * update the monitor publishes after a poll of its members. The browser never talks to a member; it listens here.
 */
export async function watchSiteLive(ctx: ServiceContext, siteId: string): Promise<LiveFeed> {
  requireRole(ctx, "viewer");
  const site = await ctx.db.site.findUnique({ where: { id: siteId }, select: { id: true } });
  if (!site) throw new NotFoundError("site", siteId);
  const bus = siteBus();
  return {
    snapshot: { event: "snapshot", data: { live: bus.latest(siteId), recent: bus.recent(siteId) } },
    subscribe: (send) => bus.subscribe(siteId, (update) => send({ event: "update", data: update })),
  };
}
