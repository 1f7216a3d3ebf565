import "server-only";
import { sitePushOutcome, type SiteIntent } from "@/lib/domain/site";
import { messageOf } from "@/lib/devices/push-progress";
import { recordAuditEvent } from "../audit";
import type { ServiceContext } from "../context";
import { compileForInspections } from "./compile-members";
import { inspectMembers } from "./inspect-members";
import { type MemberJob, MemberRun } from "./member-run";

export type SitePushJob = {
  sitePushId: string;
  siteId: string;
  siteName: string;
  intent: SiteIntent;
  members: MemberJob[];
  confirmWindowSec: number;
  /** "removal": every member's plan taken off (POST /sites/{id}/removal) rather than the site pushed. */
  purpose: "push" | "removal";
};

// A site push, run in the background after its records were written: claim every member device (a busy one is
// refused, the others go on), inspect the ones to be given a plan at once, compile the site for what they said,
// then let each device apply its own plan with its own arm, gate and rollback. Devices go in parallel, except that
// an anycast edge waits for the servers, so it never peers with servers that have not announced yet.
export async function runSitePush(ctx: ServiceContext, job: SitePushJob): Promise<void> {
  const runs = job.members.map((member) => new MemberRun(ctx.db, { id: job.siteId, pushId: job.sitePushId }, member));
  try {
    await Promise.all(runs.map((run) => run.claim()));
    await inspectAndCompile(job, runs);
    for (const wave of waves(runs)) await Promise.all(wave.map((run) => run.push(job.confirmWindowSec)));
  } catch (error) {
    for (const run of runs.filter((r) => r.pending)) run.outcome = { outcome: "failed", reason: messageOf(error) };
  }
  await Promise.allSettled(runs.map((run) => run.finish()));
  await finish(ctx, job, runs);
}

// Every device is inspected first, as a device push is: one that does not answer fails in the monitor's words before
// anything is sent, whether it was to get a plan or to have one taken off.
async function inspectAndCompile(job: SitePushJob, runs: MemberRun[]): Promise<void> {
  const toInspect = runs.filter((run) => run.pending);
  if (toInspect.length === 0) return;
  for (const run of toInspect) run.log.add("inspect", "running");
  const inspections = await inspectMembers(toInspect.map((run) => run.job.device));
  for (const run of toInspect) {
    const answer = inspections.get(run.deviceId);
    if (answer?.inspection) {
      run.log.add("inspect", "ok", answer.inspection.summary);
    } else {
      run.log.add("inspect", "failed", answer?.offline ?? "not asked");
      run.outcome = { outcome: "failed", reason: answer?.offline ?? "the device was not asked" };
    }
  }
  const toApply = toInspect.filter((run) => run.job.action.kind === "apply");
  // Nothing left to give a plan to (every device busy or silent): no compile, so its reasons stand alone.
  if (!toApply.some((run) => run.pending)) return;
  const devices = runs.filter((run) => run.job.action.kind === "apply").map((run) => run.job.device);
  const plan = compileForInspections(job.siteName, job.intent, devices, inspections);
  for (const run of toApply.filter((r) => r.pending)) {
    run.log.add("compile", "running");
    const compiled = plan.members.find((m) => m.device === run.deviceId);
    const errors = (compiled?.warnings ?? []).filter((w) => w.severity === "error");
    if (!compiled?.plan || errors.length > 0) {
      const reason = errors.map((w) => w.message).join("; ") || "no plan was compiled for this device";
      run.log.add("compile", "failed", reason);
      run.outcome = { outcome: "refused", reason };
      continue;
    }
    await run.planned(compiled.plan);
    run.log.add("compile", "ok", `${compiled.warnings.length} warning(s)`);
  }
}

/** Anycast servers (and any removal) first, then the edge; every other member at once. */
function waves(runs: MemberRun[]): MemberRun[][] {
  const edge = runs.filter((run) => run.job.role === "anycast-edge");
  const rest = runs.filter((run) => run.job.role !== "anycast-edge");
  return [rest, edge].filter((wave) => wave.length > 0);
}

async function finish(ctx: ServiceContext, job: SitePushJob, runs: MemberRun[]): Promise<void> {
  const results = runs.map((run) => ({
    deviceName: run.job.device.name,
    status: run.outcome?.outcome ?? "failed",
    reason: run.outcome && "reason" in run.outcome ? run.outcome.reason : "",
  }));
  const { status, detail } = sitePushOutcome(results, job.purpose === "removal" ? "taken off" : "confirmed");
  await ctx.db.sitePush.update({ where: { id: job.sitePushId }, data: { status, detail, finishedAt: new Date() } });
  await recordAuditEvent(ctx, {
    action: job.purpose === "removal" ? "site.removal.finish" : "site.push.finish",
    target: job.siteId,
    outcome: status === "failed" ? "error" : "ok",
    detail: { push: job.sitePushId, status, detail },
  });
}
