import "server-only";
import type { Db } from "@/lib/db/client";
import type { Device } from "@/lib/db/generated/sqlite/client";
import type { MemberPlan, MemberRole, SiteMember } from "@/lib/domain/site";
import type { PushOutcome } from "@/lib/devices/push-types";
import { messageOf } from "@/lib/devices/push-progress";
import { ConflictError } from "../errors";
import { claimDevice, keepClaimed, releaseDevice } from "../pushes/device-lock";
import { driverForDevice } from "../pushes/driver-for-device";
import { planHash } from "../pushes/internal";
import { StepLog } from "../pushes/step-log";
import { appliedPlanOf, storedIntent } from "./internal";

/** One device's part of a site push: put the site's plan on it, or take a plan it no longer has a part in off it. */
export type MemberJob = {
  device: Device;
  role: MemberRole;
  action: { kind: "apply"; member: SiteMember } | { kind: "remove"; plan: MemberPlan; hash: string };
  /** What the last confirmed push of this member left on the device. */
  lastAppliedHash: string | null;
};

/** A member whose applied plan is to be taken off its device. */
export function removalJob(row: { appliedPlan: string | null; appliedHash: string | null }, device: Device): MemberJob {
  const plan = appliedPlanOf(row);
  if (plan === null || row.appliedHash === null) throw new Error(`device ${device.name} has no applied plan to remove`);
  return { device, role: plan.role, action: { kind: "remove", plan, hash: row.appliedHash }, lastAppliedHash: row.appliedHash };
}

// A member of a running site push: it claims its device as a device push does (DeviceLock, kept fresh), records
// its steps on its SiteMemberPush row as they happen, and ends with one outcome. A member that has an outcome
// before its turn (busy device, unreachable, refused by the compiler) is not pushed.
export class MemberRun {
  readonly log: StepLog;
  outcome: PushOutcome | null = null;
  private plan: { plan: MemberPlan; hash: string } | null;
  private stopHeartbeat: (() => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly site: { id: string; pushId: string },
    readonly job: MemberJob,
  ) {
    this.plan = job.action.kind === "remove" ? { plan: job.action.plan, hash: job.action.hash } : null;
    const where = { sitePushId_deviceId: { sitePushId: site.pushId, deviceId: job.device.id } };
    this.log = new StepLog((steps) => db.siteMemberPush.update({ where, data: { steps: JSON.stringify(steps) } }));
  }

  get deviceId(): string {
    return this.job.device.id;
  }

  get pending(): boolean {
    return this.outcome === null;
  }

  async claim(): Promise<void> {
    try {
      await claimDevice(this.db, this.deviceId, this.site.pushId);
    } catch (error) {
      this.outcome =
        error instanceof ConflictError ? { outcome: "refused", reason: `busy: ${error.message}` } : { outcome: "failed", reason: messageOf(error) };
      return;
    }
    this.stopHeartbeat = keepClaimed(this.db, this.deviceId, this.site.pushId);
    await this.update({ startedAt: new Date() });
  }

  /** The compiled plan for this member, stored with its push so the history shows exactly what was sent. */
  async planned(plan: MemberPlan): Promise<void> {
    this.plan = { plan, hash: planHash(plan) };
    await this.update({ plan: JSON.stringify(plan), planHash: this.plan.hash });
  }

  /** The device does its part: apply (or remove) with its own arm, gate and rollback. */
  async push(confirmWindowSec: number): Promise<void> {
    if (!this.pending) return;
    if (this.plan === null) {
      this.outcome = { outcome: "failed", reason: "no plan was compiled for this device" };
      return;
    }
    const driver = driverForDevice(this.job.device);
    const options = {
      pushId: this.site.pushId,
      planHash: this.plan.hash,
      lastAppliedHash: this.job.lastAppliedHash,
      confirmWindowSec,
      onProgress: this.log.record,
    };
    try {
      this.outcome = this.job.action.kind === "apply" ? await driver.applyMember(this.plan.plan, options) : await driver.removeMember(this.plan.plan, options);
    } catch (error) {
      this.outcome = { outcome: "failed", reason: messageOf(error) };
    }
  }

  /** The member's final record, and what its device runs now; then the device is free again. */
  async finish(): Promise<void> {
    this.stopHeartbeat?.();
    const outcome = this.outcome ?? { outcome: "failed", reason: "the site push ended before this device's turn" };
    this.outcome = outcome;
    try {
      await this.log.settled();
      await this.update({
        status: outcome.outcome,
        reason: "reason" in outcome ? outcome.reason : "",
        steps: JSON.stringify(this.log.steps()),
        finishedAt: new Date(),
      });
      if (outcome.outcome === "confirmed" || outcome.outcome === "unchanged") await this.recordOnDevice();
    } finally {
      if (this.stopHeartbeat) await releaseDevice(this.db, this.deviceId, this.site.pushId);
    }
  }

  private async recordOnDevice(): Promise<void> {
    const key = { siteId: this.site.id, deviceId: this.deviceId };
    if (this.job.action.kind === "remove") {
      await this.db.siteMember.updateMany({ where: key, data: { appliedPlan: null, appliedHash: null, confirmedAt: null } });
      // A device that left the site has nothing more to do with it once its plan is off.
      const site = await this.db.site.findUnique({ where: { id: this.site.id }, select: { intent: true } });
      if (site && !storedIntent(site).members.some((m) => m.device === this.deviceId)) await this.db.siteMember.deleteMany({ where: key });
      return;
    }
    const said = this.outcome && "appliedHash" in this.outcome ? this.outcome.appliedHash : "";
    const applied = { appliedPlan: JSON.stringify(this.plan?.plan), appliedHash: said || (this.plan?.hash ?? null), confirmedAt: new Date() };
    // Upsert: an edit that took the device out of the site while it was being pushed must still learn what is on it.
    await this.db.siteMember.upsert({ where: { siteId_deviceId: key }, create: { ...key, role: this.job.role, ...applied }, update: applied });
  }

  private async update(data: Record<string, unknown>): Promise<void> {
    await this.db.siteMemberPush.update({ where: { sitePushId_deviceId: { sitePushId: this.site.pushId, deviceId: this.deviceId } }, data });
  }
}
