import "server-only";
import { liveBus, siteBus } from "@/lib/live/bus";
import { requireRole, type ServiceContext } from "../context";
import { CONTENT_TYPE, exposition } from "./exposition";

// A Prometheus scrape: every device and site of the inventory with what the live bus knows of it. With PostgreSQL the bus
// hears every instance's updates, so any instance answers for the whole fleet: scrape one of them (or each, and
// let Prometheus's `instance` label tell them apart; the values are the same).
export async function scrapeMetrics(ctx: ServiceContext): Promise<{ body: string; contentType: string }> {
  requireRole(ctx, "viewer");
  const devices = await ctx.db.device.findMany({ select: { id: true, name: true, kind: true }, orderBy: { name: "asc" } });
  const sites = await ctx.db.site.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
  const bus = liveBus();
  return { body: await exposition(devices, bus.latest, { sites, latest: siteBus().latest }), contentType: CONTENT_TYPE };
}
