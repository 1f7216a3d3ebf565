import { z } from "zod";
import { ALERT_SUBJECTS } from "./events";
import { NOTICE_PHASES, ZTimelineEntry } from "./notice";

// An alert as the /alerts page and GET /alerts show it: the incident, its timeline and how each message went.

export const DELIVERY_STATUSES = ["pending", "sent", "failed"] as const;

export const ZDeliveryView = z.object({
  channelId: z.string(),
  channelName: z.string(),
  phase: z.enum(NOTICE_PHASES),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  /** The SMTP reply or HTTP status of the attempt that sent it. */
  outcome: z.string().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof ZDeliveryView>;

export const ZAlertView = z.object({
  id: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  subject: z.enum(ALERT_SUBJECTS),
  name: z.string(),
  kind: z.string(),
  message: z.string(),
  timeline: z.array(ZTimelineEntry),
  flapping: z.boolean(),
  /** Recorded but not sent: the cooldown after an earlier alert of the same subject. */
  quiet: z.boolean(),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
  deliveries: z.array(ZDeliveryView),
});
export type AlertView = z.infer<typeof ZAlertView>;

export const ZAlertList = z.object({ open: z.array(ZAlertView), recent: z.array(ZAlertView) });
export type AlertList = z.infer<typeof ZAlertList>;

/** What "Send test" came to, in the admin's words. */
export const ZTestOutcome = z.object({ ok: z.boolean(), detail: z.string() });
