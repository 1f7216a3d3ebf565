import "server-only";
import type { Db } from "@/lib/db/client";
import { sitePushOutcome, type MemberPushStatus } from "@/lib/domain/site";
import { recordAuditEvent } from "../audit";
import { serviceContext } from "../context";
import { LOCK_STALE_MS } from "../pushes/device-lock";
import { StepRecords } from "../pushes/internal";
import { inSiteOrder, MEMBER_PUSH_STATUSES, storedIntent } from "./internal";
import { z } from "zod";

const STOPPED = "the dashboard stopped mid-push; the device rolled itself back unless it confirmed";

// A site push runs inside a dashboard process; if that process stopped, the push's record still says "running"
// and its members' device locks go stale. Nothing is asked of the devices (each one's own dead-man switch rolled
// back a change that was not confirmed): the members still running are recorded failed, saying so, and the push's
// outcome follows from its members. A push another live process runs keeps a lock fresh and is left alone.
export async function settleInterruptedSitePushes(db: Db, now = new Date()): Promise<number> {
  const staleBefore = new Date(now.getTime() - LOCK_STALE_MS);
  const running = await db.sitePush.findMany({ where: { status: "running", startedAt: { lt: staleBefore } }, include: { members: true, site: true } });
  let settled = 0;
  for (const push of running) {
    const fresh = await db.deviceLock.count({ where: { pushId: push.id, claimedAt: { gt: staleBefore } } });
    if (fresh > 0) continue;
    const names = new Map((await db.device.findMany({ where: { id: { in: push.members.map((m) => m.deviceId) } } })).map((d) => [d.id, d.name]));
    for (const member of push.members.filter((m) => m.status === "running")) {
      const steps = StepRecords.parse(JSON.parse(member.steps));
      steps.push({ step: "settle", status: "failed", at: now.toISOString(), detail: STOPPED });
      await db.siteMemberPush.update({
        where: { sitePushId_deviceId: { sitePushId: push.id, deviceId: member.deviceId } },
        data: { status: "failed", reason: STOPPED, steps: JSON.stringify(steps), finishedAt: now },
      });
    }
    await db.deviceLock.deleteMany({ where: { pushId: push.id } });
    const results = inSiteOrder(
      storedIntent(push.site).members.map((m) => m.device),
      push.members,
    ).map((m) => ({
      deviceName: names.get(m.deviceId) ?? m.deviceId,
      status: (m.status === "running" ? "failed" : z.enum(MEMBER_PUSH_STATUSES).parse(m.status)) as MemberPushStatus,
      reason: m.status === "running" ? STOPPED : m.reason,
    }));
    const { status, detail } = sitePushOutcome(results);
    await db.sitePush.update({ where: { id: push.id }, data: { status, detail, finishedAt: now } });
    await recordAuditEvent(serviceContext({ type: "system", job: "settle-pushes" }, null), {
      action: "site.push.settle",
      target: push.siteId,
      outcome: status === "failed" ? "error" : "ok",
      detail: { push: push.id, status },
    });
    settled += 1;
  }
  return settled;
}
