import "server-only";
import { alertLinks } from "@/lib/alerts/outcome";
import { sendNotice } from "@/lib/alerts/send";
import { ZNotice } from "@/lib/domain/alerts/notice";
import type { Db } from "@/lib/db/client";
import { channelSettings, dashboardUrl, openChannelSecret } from "./internal";

// The delivery worker's one step: every pending delivery that is due, each claimed first by one conditional update
// (so with several instances on one PostgreSQL exactly one sends it), sent, then marked sent or given its next
// attempt: 5 s, 10, 20 … doubling up to an hour apart, and failed after MAX_ATTEMPTS.

export const MAX_ATTEMPTS = 12;
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 3_600_000;
/** A claim outlives any send (SMTP and HTTP time out within 15 s); an instance that died mid-send is taken over. */
const CLAIM_MS = 60_000;
const BATCH = 20;

export const retryDelayMs = (attempts: number): number => Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));

export async function deliverDueAlerts(db: Db, instanceId: string, now = new Date()): Promise<number> {
  const unclaimed = { OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] };
  const due = await db.alertDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, ...unclaimed },
    orderBy: { nextAttemptAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  let sent = 0;
  for (const { id } of due) {
    const claim = await db.alertDelivery.updateMany({
      where: { id, status: "pending", ...unclaimed },
      data: { claimedBy: instanceId, claimedUntil: new Date(now.getTime() + CLAIM_MS) },
    });
    if (claim.count !== 1) continue;
    if (await deliverOne(db, id)) sent += 1;
  }
  return sent;
}

async function deliverOne(db: Db, id: string): Promise<boolean> {
  const row = await db.alertDelivery.findUnique({ where: { id }, include: { channel: true } });
  if (!row) return false;
  const attempts = row.attempts + 1;
  const released = { claimedBy: null, claimedUntil: null, attempts };
  if (!row.channel.enabled) {
    await db.alertDelivery.update({ where: { id }, data: { ...released, status: "failed", lastError: "the channel was turned off before this was sent" } });
    return false;
  }
  const notice = ZNotice.parse(JSON.parse(row.notice));
  let outcome: { ok: boolean; detail: string };
  try {
    outcome = await sendNotice(channelSettings(row.channel), openChannelSecret(row.channel), notice, alertLinks(dashboardUrl(), notice.device.id));
  } catch (error) {
    outcome = { ok: false, detail: `could not send: ${(error as Error).message}` };
  }
  const at = new Date();
  if (outcome.ok) {
    await db.alertDelivery.update({ where: { id }, data: { ...released, status: "sent", sentAt: at, outcome: outcome.detail, lastError: null } });
    return true;
  }
  const giveUp = attempts >= MAX_ATTEMPTS;
  await db.alertDelivery.update({
    where: { id },
    data: { ...released, status: giveUp ? "failed" : "pending", lastError: outcome.detail, nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempts)) },
  });
  return false;
}
