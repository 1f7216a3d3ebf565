import "server-only";
import type { AlertRecord, EngineOutput } from "@/lib/domain/alerts/engine";
import { ZTimelineEntry } from "@/lib/domain/alerts/notice";
import type { EngineRule } from "@/lib/domain/alerts/rule";
import { newId } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { z } from "zod";
import { serializable } from "../serializable";
import { toRuleView } from "./internal";

// The alert engine's side of the database, for the monitor's alert observer: the enabled rules, a device's open
// alerts (after a restart), and writing what the engine decided, with one pending delivery per notice and channel.

export async function enabledRules(db: Db): Promise<EngineRule[]> {
  const rows = await db.alertRule.findMany({ where: { enabled: true } });
  return rows.map(toRuleView);
}

export async function openAlertRecords(db: Db, deviceId: string): Promise<AlertRecord[]> {
  const rows = await db.alert.findMany({ where: { deviceId, resolvedAt: null } });
  return rows.map((r) => ({
    id: r.id,
    deviceId: r.deviceId,
    ruleId: r.ruleId,
    subject: r.subject as AlertRecord["subject"],
    name: r.name,
    kind: r.kind,
    message: r.message,
    timeline: z.array(ZTimelineEntry).parse(JSON.parse(r.timeline)),
    flapping: r.flapping,
    quiet: r.quiet,
    openedAtMs: r.openedAt.getTime(),
  }));
}

export function hasEffects(out: EngineOutput): boolean {
  return out.opened.length + out.updated.length + out.resolved.length + out.notices.length > 0;
}

/** Writes one judgement in one transaction; the delivery worker picks the deliveries up within a second. */
export async function recordAlerts(db: Db, out: EngineOutput): Promise<number> {
  if (!hasEffects(out)) return 0;
  return serializable(db, async (tx) => {
    for (const a of out.opened) {
      await tx.alert.create({
        data: {
          id: a.id,
          deviceId: a.deviceId,
          ruleId: a.ruleId,
          subject: a.subject,
          name: a.name,
          kind: a.kind,
          message: a.message,
          timeline: JSON.stringify(a.timeline),
          flapping: a.flapping,
          quiet: a.quiet,
          openedAt: new Date(a.openedAtMs),
        },
      });
    }
    for (const u of out.updated) await tx.alert.updateMany({ where: { id: u.id }, data: { message: u.message, timeline: JSON.stringify(u.timeline) } });
    for (const r of out.resolved)
      await tx.alert.updateMany({ where: { id: r.id }, data: { resolvedAt: new Date(r.resolvedAtMs), timeline: JSON.stringify(r.timeline) } });
    const channelIds = [...new Set(out.notices.flatMap((n) => n.channelIds))];
    const enabled = new Set((await tx.alertChannel.findMany({ where: { id: { in: channelIds }, enabled: true }, select: { id: true } })).map((c) => c.id));
    let queued = 0;
    // Two rules that both cover a change and share a channel each keep their alert, but the channel hears it once.
    const sent = new Set<string>();
    for (const n of out.notices) {
      for (const channelId of n.channelIds.filter((c) => enabled.has(c))) {
        const key = `${channelId}|${n.notice.phase}|${n.notice.title}`;
        if (sent.has(key)) continue;
        sent.add(key);
        await tx.alertDelivery.create({ data: { id: newId(), alertId: n.notice.alertId, channelId, phase: n.notice.phase, notice: JSON.stringify(n.notice) } });
        queued += 1;
      }
    }
    return queued;
  });
}
