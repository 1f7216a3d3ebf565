import "server-only";
import { type ChannelSettings, type ChannelView, ZChannelSettings } from "@/lib/domain/alerts/channel";
import { ZAlertEvent } from "@/lib/domain/alerts/events";
import { ZTimelineEntry } from "@/lib/domain/alerts/notice";
import type { RuleView } from "@/lib/domain/alerts/rule";
import type { AlertView, DeliveryView } from "@/lib/domain/alerts/view";
import { env } from "@/lib/env";
import { masterKey } from "@/lib/secrets/master-key";
import { open, seal } from "@/lib/secrets/secret-box";
import { z } from "zod";
import type { Tx } from "../serializable";

// Rows to views and the channel secret's sealing. The secret's associated data is the channel id, as a device's
// credentials are bound to the device id: a sealed value copied onto another channel does not open.

type ChannelRow = { id: string; name: string; kind: string; config: string; sealedSecret: string | null; enabled: boolean; createdAt: Date; updatedAt: Date };

export const sealChannelSecret = (channelId: string, secret: string): string => seal(secret, masterKey(), `alert-channel:${channelId}`);

export function openChannelSecret(row: Pick<ChannelRow, "id" | "sealedSecret">): string | null {
  return row.sealedSecret === null ? null : open(row.sealedSecret, masterKey(), `alert-channel:${row.id}`);
}

export const channelSettings = (row: Pick<ChannelRow, "config">): ChannelSettings => ZChannelSettings.parse(JSON.parse(row.config));

export function toChannelView(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    settings: channelSettings(row),
    secretSet: row.sealedSecret !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

type RuleRow = {
  id: string;
  name: string;
  events: string;
  deviceIds: string | null;
  channelIds: string;
  cooldownSec: number;
  flapCount: number;
  flapWindowMin: number;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
};

const ZIds = z.array(z.string());

export function toRuleView(row: RuleRow): RuleView {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    events: z.array(ZAlertEvent).parse(JSON.parse(row.events)),
    deviceIds: row.deviceIds === null ? null : ZIds.parse(JSON.parse(row.deviceIds)),
    channelIds: ZIds.parse(JSON.parse(row.channelIds)),
    cooldownSec: row.cooldownSec,
    flapCount: row.flapCount,
    flapWindowMin: row.flapWindowMin,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

type DeliveryRow = {
  channelId: string;
  channel: { name: string };
  phase: string;
  status: string;
  attempts: number;
  outcome: string | null;
  lastError: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
};
type AlertRow = {
  id: string;
  deviceId: string;
  device: { name: string };
  subject: string;
  name: string;
  kind: string;
  message: string;
  timeline: string;
  flapping: boolean;
  quiet: boolean;
  openedAt: Date;
  resolvedAt: Date | null;
  deliveries: DeliveryRow[];
};

export const ALERT_INCLUDE = {
  device: { select: { name: true } },
  deliveries: { include: { channel: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
} as const;

const toDeliveryView = (d: DeliveryRow): DeliveryView => ({
  channelId: d.channelId,
  channelName: d.channel.name,
  phase: d.phase as DeliveryView["phase"],
  status: d.status as DeliveryView["status"],
  attempts: d.attempts,
  outcome: d.outcome,
  lastError: d.lastError,
  nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
  sentAt: d.sentAt?.toISOString() ?? null,
});

export function toAlertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    deviceId: row.deviceId,
    deviceName: row.device.name,
    subject: row.subject as AlertView["subject"],
    name: row.name,
    kind: row.kind,
    message: row.message,
    timeline: z.array(ZTimelineEntry).parse(JSON.parse(row.timeline)),
    flapping: row.flapping,
    quiet: row.quiet,
    openedAt: row.openedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    deliveries: row.deliveries.map(toDeliveryView),
  };
}

/** Where links in alerts point: WAYMARK_PUBLIC_URL, else the listen address. */
export function dashboardUrl(): string {
  const e = env();
  return e.WAYMARK_PUBLIC_URL ?? `http://${e.WAYMARK_HOST.includes(":") ? `[${e.WAYMARK_HOST}]` : e.WAYMARK_HOST}:${e.PORT}`;
}

/** Refuses channel ids that do not exist, so a rule never points at nothing. */
export async function missingChannels(tx: Tx, ids: string[]): Promise<string[]> {
  const found = await tx.alertChannel.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((c) => c.id));
  return ids.filter((id) => !known.has(id));
}
