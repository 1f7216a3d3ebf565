import "server-only";
import type { Device } from "@/lib/db/generated/sqlite/client";
import type { MemberWatch } from "@/lib/devices";
import { retryDelayMs } from "@/lib/domain/monitor/backoff";
import type { MemberLive } from "@/lib/domain/site/live";
import type { MemberReading } from "@/lib/domain/site/member-reading";
import { memberRates } from "@/lib/domain/site/member-rates";
import type { SiteTargetMember } from "@/lib/services/monitoring/site-targets";
import { driverForDevice } from "@/lib/services/pushes/driver-for-device";
import { connectionKey, describePollFailure } from "../poll-failure";

// One member of a polled site: its watch (the driver's kept session, one SSH login for many polls), its last good
// reading for rates, and its own backoff in DeviceFailure's words, as a device poller keeps them. The watch is
// opened again only for a newer confirmed member plan, the device's new address or credentials, or a new interval.

export type OpenMemberWatch = (device: Device, plan: NonNullable<SiteTargetMember["plan"]>, appliedHash: string | null, intervalMs: number) => MemberWatch;

export const openDriverWatch: OpenMemberWatch = (device, plan, appliedHash, intervalMs) =>
  driverForDevice(device).watchMember(plan, appliedHash, { intervalMs });

export class MemberPoll {
  private watch: MemberWatch | null = null;
  private watchKey = "";
  private lastGood: MemberReading | null = null;
  private failures = 0;
  /** When this member is due again (backoff after a failure). */
  nextAt = 0;
  live: MemberLive;

  constructor(
    public target: SiteTargetMember,
    private readonly open: OpenMemberWatch,
  ) {
    this.live = this.quiet();
  }

  /** A fresher row: new credentials or address retry at once, whatever the backoff said. */
  update(target: SiteTargetMember): void {
    if (connectionKey(target.device) !== connectionKey(this.target.device)) {
      this.failures = 0;
      this.nextAt = 0;
    }
    if (target.confirmedAt !== this.target.confirmedAt) this.lastGood = null;
    this.target = target;
  }

  get due(): boolean {
    return Date.now() >= this.nextAt;
  }

  /** Polls the member (when it has a plan), never throws: a failure is the member's status. */
  async poll(intervalMs: number): Promise<MemberLive> {
    const { plan, device } = this.target;
    if (plan === null || !device.monitored) {
      await this.close();
      this.lastGood = null;
      this.live = this.quiet();
      return this.live;
    }
    try {
      const reading = await this.watchFor(intervalMs).poll();
      const rates = memberRates(reading, this.lastGood);
      this.lastGood = reading;
      this.failures = 0;
      this.nextAt = 0;
      this.live = { ...this.base(), status: "ok", problem: null, nextAttemptAt: null, reading, rates };
    } catch (error) {
      this.failures += 1;
      const { status, problem, retryable } = describePollFailure(error, device.id, "site monitor", "member");
      this.nextAt = Date.now() + retryDelayMs(this.failures, retryable, intervalMs);
      const wait = Math.max(1, Math.round((this.nextAt - Date.now()) / 1000));
      this.live = { ...this.base(), status, problem: `${problem}, next try in ${wait} s`, nextAttemptAt: this.nextAt, reading: this.lastGood, rates: {} };
    }
    return this.live;
  }

  async close(): Promise<void> {
    const watch = this.watch;
    this.watch = null;
    this.watchKey = "";
    await watch?.close().catch(() => undefined);
  }

  private watchFor(intervalMs: number): MemberWatch {
    const { device, plan, appliedHash, confirmedAt } = this.target;
    const key = `${appliedHash}|${confirmedAt}|${connectionKey(device)}|${intervalMs}`;
    if (this.watch && key === this.watchKey) return this.watch;
    void this.close();
    this.watch = this.open(device, plan!, appliedHash, intervalMs);
    this.watchKey = key;
    return this.watch;
  }

  private base(): Pick<MemberLive, "device" | "deviceName" | "role"> {
    return { device: this.target.device.id, deviceName: this.target.device.name, role: this.target.role };
  }

  private quiet(): MemberLive {
    const { plan, device, problem } = this.target;
    const status = plan === null ? "not_pushed" : device.monitored ? "starting" : "paused";
    const why = plan === null ? problem : device.monitored ? null : "monitoring is turned off for this device";
    return { ...this.base(), status, problem: why, nextAttemptAt: null, reading: null, rates: {} };
  }
}
