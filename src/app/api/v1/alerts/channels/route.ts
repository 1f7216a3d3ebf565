// GET /api/v1/alerts/channels – the alert channels; POST – add one (admin)
import { alerts } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { createChannel, listChannels } from "@/lib/services/alerts";

export const GET = handle(alerts.listChannels, async ({ ctx }) => ({ data: await listChannels(ctx) }));

export const POST = handle(alerts.createChannel, async ({ ctx, body }) => {
  const channel = await createChannel(ctx, body);
  return { data: channel, auditDetail: { channel: channel.id } };
});
