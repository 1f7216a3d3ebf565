import "server-only";
import type { SiteView } from "@/lib/domain/site";
import { requireRole, type ServiceContext } from "../context";
import { lastSitePush, SITE_INCLUDE, toSiteView } from "./internal";

export async function listSites(ctx: ServiceContext): Promise<SiteView[]> {
  requireRole(ctx, "viewer");
  const sites = await ctx.db.site.findMany({ orderBy: { name: "asc" }, include: SITE_INCLUDE });
  return Promise.all(sites.map(async (site) => toSiteView(site, await lastSitePush(ctx.db, site.id))));
}
