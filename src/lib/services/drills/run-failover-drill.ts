import "server-only";
import { DRILL_EXPIRY_MARGIN_S, detection, recovery, switchOver, type DrillSample, type SwitchVerdict } from "@/lib/domain/drill";
import type { DeviceDriver, DevicePlan } from "@/lib/devices";
import { messageOf } from "@/lib/devices/push-progress";
import { recordAuditEvent } from "../audit";
import type { ServiceContext } from "../context";
import { keepClaimed, releaseDevice } from "../pushes/device-lock";
import { DrillRecord, type DrillEnding } from "./drill-record";

export type DrillJob = {
  drillId: string;
  deviceId: string;
  link: string;
  durationS: number;
  plan: DevicePlan;
  /** A standby link (higher tier): no new connections to move, so no switch to time. */
  standby: boolean;
  driver: DeviceDriver;
};

/** Fast enough to time a detection of about a second; slower once detection and the switch are known. */
const POLL_MS = 200;
const SETTLED_POLL_MS = 1_000;
/** How long after the restore the link may take to come back before the drill says it did not. */
const RECOVERY_LIMIT_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// One drill: read the device, block the link's probe replies on it (with a device-side expiry), poll what the
// device reports until the drill's time is up (detection: the device says the link is down; switch: new
// connections stop growing on it and grow on another), restore, and wait for the device to say the link is up.
// Every phase is recorded when it is reached; the device stays claimed until the record is final.
export async function runFailoverDrill(ctx: ServiceContext, job: DrillJob): Promise<void> {
  const record = new DrillRecord(ctx.db, job.drillId);
  const stopHeartbeat = keepClaimed(ctx.db, job.deviceId, job.drillId);
  let ending: DrillEnding;
  try {
    ending = await drill(job, record);
  } catch (error) {
    record.event("failed", null, messageOf(error));
    ending = { outcome: "failed", detail: messageOf(error) };
  } finally {
    stopHeartbeat();
  }
  await record.finish(ending);
  await releaseDevice(ctx.db, job.deviceId, job.drillId);
  await recordAuditEvent(ctx, {
    action: "drill.end",
    target: job.deviceId,
    outcome: ending.outcome === "passed" ? "ok" : "error",
    detail: { drill: job.drillId, link: job.link, outcome: ending.outcome, ...record.timings },
  });
}

const toSample = (reading: Awaited<ReturnType<DeviceDriver["read"]>>): DrillSample => ({
  readAtMs: reading.readAtMs,
  links: reading.links.map((l) => ({ name: l.name, state: l.state, since: l.since, newConnections: l.newConnections, outBytes: l.out?.bytes ?? null })),
});

// Read through one watch of the device (one kept session; a Linux gateway streams a reading every POLL_MS) rather
// than a new session per read: a login per 200 ms was what limited how finely the switch could be timed.
async function drill(job: DrillJob, record: DrillRecord): Promise<DrillEnding> {
  const watch = job.driver.watch(job.plan, null, { intervalMs: POLL_MS });
  try {
    return await drillWith(job, record, async () => toSample(await watch.poll()));
  } finally {
    await watch.close();
  }
}

async function drillWith(job: DrillJob, record: DrillRecord, read: () => Promise<DrillSample>): Promise<DrillEnding> {
  const { link } = job;
  record.event("started", null, `test failover of ${link} for ${job.durationS} s`);
  const before = await read();
  const refusal = refuseToStart(before, link);
  if (refusal) {
    record.event("failed", null, refusal);
    return { outcome: "failed", detail: refusal };
  }
  const { deviceAtMs } = await job.driver.blockProbes(job.plan, { link, expiresAfterSec: job.durationS + DRILL_EXPIRY_MARGIN_S });
  const blockedAt = Date.now();
  record.event("blocked", 0, `${link}'s probe answers are dropped on the device`, blockedAt);
  const samples: DrillSample[] = [before];
  let verdict: SwitchVerdict = job.standby ? { kind: "no-traffic" } : { kind: "not-yet" };
  let detected: ReturnType<typeof detection> = null;
  try {
    const endsAt = blockedAt + job.durationS * 1000;
    while (Date.now() < endsAt) {
      const started = Date.now();
      const sample = await read().catch(() => null);
      if (sample) samples.push(sample);
      if (!detected) {
        detected = detection(samples, link, blockedAt, deviceAtMs);
        if (detected) record.event("detected", detected.ms, `the device reports ${link} down`, detected.atMs);
      }
      if (detected && verdict.kind === "not-yet") {
        verdict = switchOver(samples, link, detected.index, false);
        if (verdict.kind === "switched") {
          // Never before the detection that caused it (the two may be read off different clocks).
          record.event("switched", Math.max(detected.ms, verdict.atMs - blockedAt), `new connections go to ${verdict.to.join(", ")}`, verdict.atMs);
        }
      }
      const pace = detected && verdict.kind !== "not-yet" ? SETTLED_POLL_MS : POLL_MS;
      await sleep(Math.min(started + pace, endsAt) - Date.now());
    }
  } finally {
    await restore(job, record);
  }
  const restoredAt = Date.parse(record.events.at(-1)!.at);
  if (detected && verdict.kind === "not-yet") verdict = switchOver(samples, link, detected.index, true);
  if (verdict.kind === "no-traffic") {
    const why = job.standby ? `${link} is a standby link: it had no new connections to move` : "no new connections on any link during the drill";
    record.event("no-traffic", null, `no traffic to observe: ${why}`);
  }
  const recovered = await awaitRecovery(read, link, restoredAt, samples);
  if (recovered !== null) record.event("recovered", recovered - restoredAt, `the device reports ${link} up again`, recovered);
  return judge(job, record, detected !== null, verdict, recovered !== null);
}

/** A drill needs the link up and another link up to take its traffic. */
function refuseToStart(sample: DrillSample, link: string): string | null {
  const state = sample.links.find((l) => l.name === link)?.state ?? "unknown";
  if (state !== "up" && state !== "degraded") return `${link} is ${state} already: a drill needs it up`;
  const others = sample.links.filter((l) => l.name !== link && (l.state === "up" || l.state === "degraded"));
  if (others.length === 0) return `no other link is up: taking ${link} out would leave no link at all`;
  return null;
}

async function restore(job: DrillJob, record: DrillRecord): Promise<void> {
  try {
    await job.driver.restoreProbes(job.plan);
    record.event("restored", null, `${job.link}'s probe answers are let through again`);
  } catch (error) {
    record.event("restored", null, `the device could not be told to restore (${messageOf(error)}); it lifts the block itself`);
  }
}

async function awaitRecovery(read: () => Promise<DrillSample>, link: string, restoredAt: number, samples: DrillSample[]): Promise<number | null> {
  while (Date.now() < restoredAt + RECOVERY_LIMIT_MS) {
    const started = Date.now();
    const sample = await read().catch(() => null);
    if (sample) samples.push(sample);
    const up = recovery(samples, link, restoredAt);
    if (up) return up.atMs;
    await sleep(started + POLL_MS - Date.now());
  }
  return null;
}

function judge(job: DrillJob, record: DrillRecord, detected: boolean, verdict: SwitchVerdict, recovered: boolean): DrillEnding {
  const problems: string[] = [];
  if (!detected) problems.push(`the device did not report ${job.link} down within ${job.durationS} s`);
  if (verdict.kind === "stayed") problems.push(`new connections kept going to ${job.link}`);
  if (!recovered) problems.push(`${job.link} was not up again ${seconds(RECOVERY_LIMIT_MS)} after the restore`);
  if (problems.length > 0) return { outcome: "failed", detail: problems.join("; ") };
  const { detectionMs, switchMs, recoveryMs } = record.timings;
  return {
    outcome: "passed",
    detail: [
      `detected after ${seconds(detectionMs ?? 0)}`,
      switchMs === null ? "no traffic to observe the switch" : `switched after ${seconds(switchMs)}`,
      `up again ${seconds(recoveryMs ?? 0)} after the restore`,
    ].join(", "),
  };
}
