import { z } from "zod";
import { ZDisplayName, ZHost, ZPort } from "../grammar";

// An alert channel's settings as the admin types them and as they are stored (never with the secret: the SMTP
// password and the webhook's HMAC key travel only in the `secret` field of an input and are sealed at once).

const ZMailbox = z
  .string()
  .trim()
  .max(254)
  .regex(
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
    "an e-mail address such as noc@example.net",
  );

export const SMTP_SECURITY = ["none", "starttls", "tls"] as const;

export const ZEmailSettings = z.strictObject({
  host: ZHost,
  port: ZPort,
  /** none: plain SMTP; starttls: upgrade required; tls: TLS from the first byte (usually port 465). */
  security: z.enum(SMTP_SECURITY),
  /** Empty: no authentication. */
  user: z
    .string()
    .max(254)
    .regex(/^[^\s\p{Cc}]*$/u, "no spaces or control characters")
    .default(""),
  from: ZMailbox,
  to: z.array(ZMailbox).min(1, "at least one recipient").max(20),
});
export type EmailSettings = z.infer<typeof ZEmailSettings>;

export const ZWebhookSettings = z.strictObject({
  url: z
    .string()
    .trim()
    .max(2000)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "";
      } catch {
        return false;
      }
    }, "an http:// or https:// address without a user name or password in it"),
});
export type WebhookSettings = z.infer<typeof ZWebhookSettings>;

export const ZChannelSettings = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("email"), email: ZEmailSettings }),
  z.strictObject({ kind: z.literal("webhook"), webhook: ZWebhookSettings }),
]);
export type ChannelSettings = z.infer<typeof ZChannelSettings>;

/** What an admin sends to create or change a channel. `secret`: omitted keeps the stored one, "" clears it. */
export const ZChannelInput = z.strictObject({
  name: ZDisplayName,
  enabled: z.boolean().default(true),
  settings: ZChannelSettings,
  secret: z.string().max(512).optional(),
});
export type ChannelInput = z.infer<typeof ZChannelInput>;

/** A channel as every view shows it: the secret only as set / not set. */
export const ZChannelView = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  settings: ZChannelSettings,
  secretSet: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelView = z.infer<typeof ZChannelView>;
