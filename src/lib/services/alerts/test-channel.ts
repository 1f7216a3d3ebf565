import "server-only";
import { alertLinks } from "@/lib/alerts/outcome";
import { sendNotice } from "@/lib/alerts/send";
import type { Notice } from "@/lib/domain/alerts/notice";
import { requireRole, type ServiceContext } from "../context";
import { NotFoundError } from "../errors";
import { channelSettings, dashboardUrl, openChannelSecret } from "./internal";

/**
 * "Send test": one message through the channel now, as an alert would go (the same sender, the same signature),
 * answered with what the server said: the SMTP reply or the HTTP status, or why it could not be reached.
 */
export async function testChannel(ctx: ServiceContext, id: string): Promise<{ ok: boolean; detail: string }> {
  requireRole(ctx, "admin");
  const row = await ctx.db.alertChannel.findUnique({ where: { id } });
  if (!row) throw new NotFoundError("alert channel", id);
  const now = Date.now();
  const notice: Notice = {
    alertId: `test-${now}`,
    phase: "test",
    device: { id: "test", name: "Waymark" },
    subject: "device",
    name: "test",
    kind: "test",
    state: "test",
    title: `test message for channel ${row.name}`,
    text: `This is a test of the alert channel "${row.name}". When a link, a backend or a device changes state, the alerts come like this.`,
    detectedAtMs: now,
    openedAtMs: now,
    resolvedAtMs: null,
    timeline: [],
    flapping: false,
  };
  const base = dashboardUrl();
  return sendNotice(channelSettings(row), openChannelSecret(row), notice, { ...alertLinks(base, "test"), device: `${base}/alerts` });
}
