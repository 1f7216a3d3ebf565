import "server-only";
import type { ChannelSettings } from "@/lib/domain/alerts/channel";
import type { Notice } from "@/lib/domain/alerts/notice";
import { sendEmail } from "./email";
import type { AlertLinks, SendOutcome } from "./outcome";
import { sendWebhook } from "./webhook";

/** One notice through one channel, whatever its kind. `secret`: the opened SMTP password or HMAC key. */
export function sendNotice(settings: ChannelSettings, secret: string | null, notice: Notice, links: AlertLinks): Promise<SendOutcome> {
  switch (settings.kind) {
    case "email":
      return sendEmail(settings.email, secret, notice, links);
    case "webhook":
      return sendWebhook(settings.webhook, secret, notice, links);
  }
}
