import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { NotFoundError } from "../errors";
import { serializable } from "../serializable";
import { toRuleView } from "./internal";

/** Deletes a channel and takes it out of every rule (a rule left with no channel is turned off, not deleted). */
export async function deleteChannel(ctx: ServiceContext, id: string): Promise<{ name: string }> {
  requireRole(ctx, "admin");
  return serializable(ctx.db, async (tx) => {
    const channel = await tx.alertChannel.findUnique({ where: { id } });
    if (!channel) throw new NotFoundError("alert channel", id);
    for (const row of await tx.alertRule.findMany()) {
      const rule = toRuleView(row);
      if (!rule.channelIds.includes(id)) continue;
      const channelIds = rule.channelIds.filter((c) => c !== id);
      await tx.alertRule.update({ where: { id: rule.id }, data: { channelIds: JSON.stringify(channelIds), enabled: rule.enabled && channelIds.length > 0 } });
    }
    await tx.alertChannel.delete({ where: { id } });
    return { name: channel.name };
  });
}
