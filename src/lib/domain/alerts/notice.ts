import { z } from "zod";
import { ALERT_SUBJECTS } from "./events";

// One message about an alert, kind-neutral: the e-mail sender renders it as text and HTML, the webhook sender posts
// it as the versioned JSON below. Stored with each delivery, so a retry sends what the first attempt sent.

export const ZTimelineEntry = z.object({
  /** When it changed, by the device's clock where the device says. */
  atMs: z.number(),
  state: z.string(),
  previous: z.string().nullable(),
  detail: z.string(),
});
export type TimelineEntry = z.infer<typeof ZTimelineEntry>;

export const NOTICE_PHASES = ["open", "resolve", "test"] as const;

export const ZNotice = z.object({
  alertId: z.string(),
  phase: z.enum(NOTICE_PHASES),
  device: z.object({ id: z.string(), name: z.string() }),
  subject: z.enum(ALERT_SUBJECTS),
  /** The link, "pool/backend", "polling", "drift", or the push id. */
  name: z.string(),
  /** The event that opened the alert, or "flapping". */
  kind: z.string(),
  /** The state the subject is in now ("down", "up", "unreachable", "drifted", "rolled_back" …). */
  state: z.string(),
  /** One line: "wan1 down", "wan1 flapping: 7 transitions in 10 min", "wan1 stable again (up since 14:02:11)". */
  title: z.string(),
  /** A few sentences in the admin's words. */
  text: z.string(),
  /** When the device detected it (ms since the epoch). */
  detectedAtMs: z.number(),
  openedAtMs: z.number(),
  resolvedAtMs: z.number().nullable(),
  timeline: z.array(ZTimelineEntry),
  flapping: z.boolean(),
});
export type Notice = z.infer<typeof ZNotice>;

/**
 * The webhook body, version 1 (README "Alert webhooks"). Fields are only ever added within a version; a receiver
 * should ignore the ones it does not know.
 */
export const WEBHOOK_SCHEMA = "waymark.alert/v1";
export type WebhookBody = {
  schema: typeof WEBHOOK_SCHEMA;
  /** "open" | "resolve" | "test" */
  event: Notice["phase"];
  sentAt: string;
  alert: Omit<Notice, "phase" | "detectedAtMs" | "openedAtMs" | "resolvedAtMs" | "timeline"> & {
    detectedAt: string;
    openedAt: string;
    resolvedAt: string | null;
    timeline: { at: string; state: string; previous: string | null; detail: string }[];
    url: string | null;
  };
};

const iso = (ms: number) => new Date(ms).toISOString();

export function webhookBody(notice: Notice, sentAtMs: number, url: string | null): WebhookBody {
  const { phase, detectedAtMs, openedAtMs, resolvedAtMs, timeline, ...rest } = notice;
  return {
    schema: WEBHOOK_SCHEMA,
    event: phase,
    sentAt: iso(sentAtMs),
    alert: {
      ...rest,
      detectedAt: iso(detectedAtMs),
      openedAt: iso(openedAtMs),
      resolvedAt: resolvedAtMs === null ? null : iso(resolvedAtMs),
      timeline: timeline.map((t) => ({ at: iso(t.atMs), state: t.state, previous: t.previous, detail: t.detail })),
      url,
    },
  };
}
