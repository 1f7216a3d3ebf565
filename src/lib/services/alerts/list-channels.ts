import "server-only";
import type { ChannelView } from "@/lib/domain/alerts/channel";
import { requireRole, type ServiceContext } from "../context";
import { toChannelView } from "./internal";

/** Every alert channel, secrets shown only as set / not set. */
export async function listChannels(ctx: ServiceContext): Promise<ChannelView[]> {
  requireRole(ctx, "viewer");
  const rows = await ctx.db.alertChannel.findMany({ orderBy: { name: "asc" } });
  return rows.map(toChannelView);
}
