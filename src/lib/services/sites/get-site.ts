import "server-only";
import type { SiteView } from "@/lib/domain/site";
import { requireRole, type ServiceContext } from "../context";
import { getSiteOrThrow, lastSitePush, toSiteView } from "./internal";

export async function getSite(ctx: ServiceContext, siteId: string): Promise<SiteView> {
  requireRole(ctx, "viewer");
  const site = await getSiteOrThrow(ctx.db, siteId);
  return toSiteView(site, await lastSitePush(ctx.db, siteId));
}
