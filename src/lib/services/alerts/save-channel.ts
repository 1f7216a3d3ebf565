import "server-only";
import type { z } from "zod";
import { newId } from "@/lib/auth/tokens";
import { type ChannelView, ZChannelInput } from "@/lib/domain/alerts/channel";
import { requireRole, type ServiceContext } from "../context";
import { ConflictError, conflictOnDuplicate, NotFoundError, ValidationError } from "../errors";
import { sealChannelSecret, toChannelView } from "./internal";

const taken = (name: string) => `a channel named ${JSON.stringify(name)} already exists`;

export async function createChannel(ctx: ServiceContext, input: z.input<typeof ZChannelInput>): Promise<ChannelView> {
  requireRole(ctx, "admin");
  const channel = ZChannelInput.parse(input);
  const id = newId();
  const row = await ctx.db.alertChannel
    .create({
      data: {
        id,
        name: channel.name,
        kind: channel.settings.kind,
        config: JSON.stringify(channel.settings),
        enabled: channel.enabled,
        sealedSecret: channel.secret ? sealChannelSecret(id, channel.secret) : null,
      },
    })
    .catch(conflictOnDuplicate(taken(channel.name)));
  return toChannelView(row);
}

/** Changes a channel; `secret` omitted keeps the stored one, "" removes it. The kind never changes. */
export async function updateChannel(ctx: ServiceContext, id: string, input: z.input<typeof ZChannelInput>): Promise<ChannelView> {
  requireRole(ctx, "admin");
  const channel = ZChannelInput.parse(input);
  const existing = await ctx.db.alertChannel.findUnique({ where: { id } });
  if (!existing) throw new NotFoundError("alert channel", id);
  if (existing.kind !== channel.settings.kind)
    throw new ValidationError(`this channel sends by ${existing.kind}; create a new channel for ${channel.settings.kind}`);
  const other = await ctx.db.alertChannel.findUnique({ where: { name: channel.name } });
  if (other && other.id !== id) throw new ConflictError(taken(channel.name));
  const sealedSecret = channel.secret === undefined ? existing.sealedSecret : channel.secret === "" ? null : sealChannelSecret(id, channel.secret);
  const row = await ctx.db.alertChannel
    .update({ where: { id }, data: { name: channel.name, config: JSON.stringify(channel.settings), enabled: channel.enabled, sealedSecret } })
    .catch(conflictOnDuplicate(taken(channel.name)));
  return toChannelView(row);
}
