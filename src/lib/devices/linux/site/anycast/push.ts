import { createHash } from "node:crypto";
import type { LinuxTarget, MemberPushOptions } from "@/lib/devices/driver";
import { messageOf, stepper, type Stepper } from "../../../push-progress";
import { PushRefusedError, PushStepError, type PushOutcome, type PushStep } from "../../../push-types";
import { runChange } from "../../push/apply-phase";
import { awaitSelfRollback, CONFIRM_RESERVE_MS, connect, connectStep, recover, type SwitchOptions } from "../../push/push-plan";
import { pushDir, rollbackNowScript } from "../../push/remote-scripts";
import { parseMarker, type RootSession } from "../../push/script-kit";
import { anycastNames } from "@/lib/domain/site/anycast/layout";
import { confirmScript, gateScript } from "./gate";
import { type AnycastPlan, birdConfigOf, changeScript, type ChangeMode, SWITCH_SLACK_SEC } from "./scripts";

// An anycast member's push or removal, with the Linux push's safety: one connection runs the change (lock, files,
// BIRD's parser, snapshot, switch armed, apply ending in BIRD's timed configure); a NEW connection runs the gate
// and the confirm. A configuration BIRD's parser refuses is refused with BIRD's words, nothing changed. After the
// arm, a failure is rolled back at once when the host can still be reached, else by the host itself (the switch,
// and BIRD's own timer, undo it when the window passes).

const CONNECT_TIMEOUT_MS = 10_000;
const GATE_TIMEOUT_MS = 20_000;

export async function pushAnycastMember(target: LinuxTarget, plan: AnycastPlan, options: MemberPushOptions, mode: ChangeMode): Promise<PushOutcome> {
  const step = stepper(options.onProgress);
  const switchOptions = switchOf(options);
  let first: RootSession;
  try {
    first = await connectStep(step, target, CONNECT_TIMEOUT_MS);
  } catch (error) {
    return { outcome: "failed", reason: messageOf(error) };
  }
  try {
    if (mode === "apply" && (await unchanged(first, plan, options))) return { outcome: "unchanged", appliedHash: options.planHash };
    const details = stepDetails(plan, mode, options.confirmWindowSec);
    const run = await runChange(first, changeScript(plan, mode, options.pushId, options.confirmWindowSec), (s) => details[s], options.onProgress);
    if (run.armedAt === null) throw new PushStepError("arm", "the change ended without arming the rollback switch", false);
    const armedAt = run.armedAt;
    first.close();
    return await gateAndConfirm(target, plan, mode, options, { armedAt, sudo: first.sudo }, step);
  } catch (error) {
    // A configuration BIRD's parser (or nft) refused, or a host without BIRD running: nothing was changed.
    const refused = error instanceof PushStepError && error.step === "check" && !error.rollback ? new PushRefusedError(error.message) : error;
    return await recover(refused, { device: target, session: first }, switchOptions, step);
  } finally {
    first.close();
  }
}

/** The host's own switch: SWITCH_SLACK_SEC after BIRD's timer, which is the confirm window. */
const switchOf = (options: MemberPushOptions): SwitchOptions => ({
  pushId: options.pushId,
  confirmWindowSec: options.confirmWindowSec + SWITCH_SLACK_SEC,
  connectTimeoutMs: CONNECT_TIMEOUT_MS,
});

/** Same plan recorded on the host, and BIRD's config file holds exactly its configuration. */
async function unchanged(session: RootSession, plan: AnycastPlan, options: MemberPushOptions): Promise<boolean> {
  if (options.lastAppliedHash !== options.planHash) return false;
  const n = anycastNames(plan.site);
  const result = await session.exec(["sh", "-c", `cat ${n.appliedHash} 2>/dev/null; sha256sum ${plan.bird.configFile} 2>/dev/null | cut -c1-64`], {
    timeoutMs: 10_000,
  });
  const [applied, file] = result.stdout.trim().split("\n");
  return applied === options.planHash && file === createHash("sha256").update(birdConfigOf(plan)).digest("hex");
}

function stepDetails(plan: AnycastPlan, mode: ChangeMode, windowSec: number): Partial<Record<PushStep, string>> {
  return {
    upload: `push lock taken; candidate BIRD configuration written beside ${plan.bird.configFile}`,
    check: "BIRD answers on its socket and its parser (bird -p) accepted the candidate",
    snapshot: "rollback.sh reloads BIRD from its config file and restores Waymark's table, files and daemon",
    arm: `unless confirmed, BIRD undoes the configuration by itself in ${windowSec} s and the host restores the rest ${SWITCH_SLACK_SEC} s later`,
    apply:
      mode === "remove"
        ? "BIRD runs without the site (timed configure); counters table and daemon taken away"
        : plan.role === "anycast-server"
          ? "BIRD reconfigured with a timer; service address on lo; health daemon restarted"
          : "BIRD reconfigured with a timer; ECMP hashing by ports; counters per next hop",
  };
}

type Applied = { armedAt: number; sudo: boolean | null };

async function gateAndConfirm(
  target: LinuxTarget,
  plan: AnycastPlan,
  mode: ChangeMode,
  options: MemberPushOptions,
  applied: Applied,
  step: Stepper,
): Promise<PushOutcome> {
  const switchOptions = switchOf(options);
  // The verdict must come while the switch is armed; after it fires the host is rolling back already.
  const budgetMs = () => Math.max(0, Math.min(GATE_TIMEOUT_MS, applied.armedAt + options.confirmWindowSec * 1000 - CONFIRM_RESERVE_MS - Date.now()));
  let second: RootSession | null = null;
  try {
    const gate = await step(
      "gate",
      async () => {
        try {
          second = await connect(target, Math.min(CONNECT_TIMEOUT_MS, (options.confirmWindowSec * 1000) / 2), applied.sudo);
        } catch (error) {
          return { passed: false, lost: true, said: `the management path was lost after the apply (${messageOf(error)})` };
        }
        const budget = budgetMs();
        const result = await (second as RootSession).exec(["sh", "-c", gateScript(plan, mode, budget)], { timeoutMs: budget + 15_000 });
        const marker = result.stdout
          .split("\n")
          .map(parseMarker)
          .find((m) => m?.kind === "gate");
        const passed = result.code === 0 && marker?.words[0] === "ok";
        const said = marker ? marker.rest.replace(/^(ok|failed) ?/, "") : result.stderr.trim() || `the gate ended without a verdict (exit ${result.code})`;
        return { passed, lost: false, said };
      },
      (g) => (g.passed ? g.said : { status: "failed", detail: g.said }),
    );
    if (!gate.passed && gate.lost) return awaitSelfRollback(target, switchOptions, applied.sudo, gate.said, step);
    const session = second as RootSession | null;
    if (!session) throw new Error("unreachable: a gate verdict without a session");
    const dir = pushDir(options.pushId);
    if (!gate.passed) {
      await step(
        "rollback",
        async () => {
          const result = await session.exec(["sh", "-c", rollbackNowScript(dir, options.pushId)], { timeoutMs: 30_000 });
          if (result.code !== 0) throw new PushStepError("rollback", `rollback failed: ${result.stderr.trim().slice(-300)}`, true);
        },
        () => "rolled back at once over the gate's connection: BIRD reloaded its config file, the rest restored",
      );
      return { outcome: "rolled_back", reason: `health gate failed: ${gate.said}` };
    }
    const confirmed = await step(
      "confirm",
      () => session.exec(["sh", "-c", confirmScript(plan, mode, options.pushId, options.planHash)], { timeoutMs: 15_000 }),
      (r) =>
        r.code === 0
          ? "BIRD confirmed the configuration; written over its config file, so a restart keeps it"
          : { status: "failed", detail: r.code === 3 ? r.stderr.trim() : `confirm failed: ${r.stderr.trim()}` },
    );
    if (confirmed.code === 3)
      return { outcome: "rolled_back", reason: `the host rolled itself back before Waymark could confirm (${confirmed.stderr.trim()})` };
    if (confirmed.code !== 0) throw new PushStepError("confirm", `confirm failed: ${confirmed.stderr.trim()}`, true);
    return { outcome: "confirmed", appliedHash: options.planHash };
  } finally {
    (second as RootSession | null)?.close();
  }
}
