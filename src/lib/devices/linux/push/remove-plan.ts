import type { LinuxTarget as LinuxDevice } from "@/lib/devices/driver";
import { ZLinuxInterfaceName } from "@/lib/domain/network";
import { messageOf, stepper, type Stepper } from "../../push-progress";
import { PushStepError, type PushOutcome, type PushProgress } from "../../push-types";
import { runChange, type StepDetails } from "./apply-phase";
import type { GatewayInspection } from "./inspect";
import { lanSampleOf, lanVerdict, lanWaitUntil, notFromCountOf, type LanSample, type LanSamples } from "./lan-watch";
import { awaitSelfRollback, connect, connectStep, CONFIRM_RESERVE_MS, recover, run, type SwitchOptions } from "./push-plan";
import { pushDir, rollbackNowScript } from "./remote-scripts";
import { removalConfirmScript, removalGateScript, removalScript } from "./remove-scripts";
import { markersOf, type Marker, type RootSession } from "./script-kit";

export type LinuxRemoveOptions = SwitchOptions & {
  gateTimeoutMs: number;
  onProgress: PushProgress;
  /** The removal's inspection (its first step): where the gate's count of LAN connections starts. */
  inspection?: GatewayInspection;
};

// "Remove Waymark's policy" from a gateway with a push's safety: connect → one round trip (lock, files, snapshot,
// arm, apply: remove-scripts.ts) → gate over a NEW connection (the management path; the LAN still forwarded where
// it was before) → confirm, which takes away what is left. A failed gate rolls back to the full policy at once; a
// lost gateway rolls itself back when its switch fires. Nothing of Waymark's on the gateway: "unchanged".
export async function removeLinuxPolicy(device: LinuxDevice, options: LinuxRemoveOptions): Promise<PushOutcome> {
  const step = stepper(options.onProgress);
  let first: RootSession;
  try {
    first = await connectStep(step, device, options.connectTimeoutMs);
  } catch (error) {
    return { outcome: "failed", reason: messageOf(error) };
  }
  try {
    const change = await runChange(first, removalScript(options), removalDetails(options.confirmWindowSec), options.onProgress);
    if (change.armedAt === null) {
      options.onProgress({ step: "upload", status: "skipped", detail: "nothing of Waymark's is on the gateway: nothing to remove" });
      return { outcome: "unchanged", appliedHash: "" };
    }
    first.close();
    const wans = wansOf(change.markers);
    const start = options.inspection?.lanWatch
      ? { count: notFromCountOf(options.inspection.lanWatch.pairs, wans), atMs: options.inspection.lanWatch.atMs }
      : null;
    return await gateAndConfirm(device, options, { armedAt: change.armedAt, lan: { start, ...change.lan }, wans }, first.sudo, step);
  } catch (error) {
    return await recover(error, { device, session: first }, options, step);
  } finally {
    first.close();
  }
}

const removalDetails =
  (windowSec: number): StepDetails =>
  (step, markers) => {
    if (step === "upload") return "push lock taken; the removal's apply script written";
    if (step === "snapshot") return "rollback.sh restores Waymark's table, rules, routes, monitor and sysctls as they are now";
    if (step === "arm") return `the gateway restores the policy by itself in ${windowSec} s unless confirmed`;
    if (step !== "apply") return undefined;
    // What was found, and each sysctl put back as it was before Waymark's first push.
    const found = [...new Set(markers.find((m) => m.kind === "found")?.words ?? [])].join(", ");
    const sysctls = markers.filter((m) => m.kind === "sysctl").map((m) => `${m.words[0]?.replace("/proc/sys/", "").replaceAll("/", ".")}=${m.words[1]}`);
    const restored =
      sysctls.length > 0 ? `sysctls back to their values before Waymark: ${sysctls.join(", ")}` : "no record of the sysctls before Waymark: left as they are";
    return `removed from the running system (found: ${found}); the monitor stopped; ${restored}`;
  };

const wansOf = (markers: Marker[]): string[] => (markers.find((m) => m.kind === "wans")?.words ?? []).filter((w) => ZLinuxInterfaceName.safeParse(w).success);

type Removed = { armedAt: number; lan: LanSamples; wans: string[] };
type GateVerdict = { passed: true; detail: string } | { passed: false; reason: string; lost?: true };

async function gateAndConfirm(device: LinuxDevice, options: LinuxRemoveOptions, removed: Removed, sudo: boolean | null, step: Stepper): Promise<PushOutcome> {
  const budgetMs = () => Math.max(0, Math.min(options.gateTimeoutMs, removed.armedAt + options.confirmWindowSec * 1000 - CONFIRM_RESERVE_MS - Date.now()));
  let second: RootSession | null = null;
  try {
    const gate = await step(
      "gate",
      async (): Promise<GateVerdict> => {
        try {
          second = await connect(device, Math.min(options.connectTimeoutMs, (options.confirmWindowSec * 1000) / 2), sudo);
        } catch (error) {
          return { passed: false, lost: true, reason: `the management path was lost after the removal (${messageOf(error)})` };
        }
        return lanStillForwarded(second, removed, budgetMs);
      },
      (g) => (g.passed ? g.detail : { status: "failed", detail: g.reason }),
    );
    if (!gate.passed && gate.lost) return awaitSelfRollback(device, options, sudo, gate.reason, step);
    const session = second as RootSession | null;
    if (!session) throw new Error("unreachable: the gate passed without a session");
    if (!gate.passed) {
      await step(
        "rollback",
        () => run(session, "rollback", ["sh", "-c", rollbackNowScript(pushDir(options.pushId), options.pushId)]),
        () => "Waymark's policy restored at once over the gate's connection",
      );
      return { outcome: "rolled_back", reason: `health gate failed: ${gate.reason}` };
    }
    const confirmed = await step(
      "confirm",
      () => session.exec(["sh", "-c", removalConfirmScript(options.pushId)], { timeoutMs: 15_000 }),
      (r) =>
        r.code === 0
          ? "switch disarmed; Waymark's files, units, boot persistence, LAN watch and /run/waymark removed"
          : { status: "failed", detail: r.code === 3 ? "the gateway's switch fired first and restored the policy" : r.stderr.trim() },
    );
    if (confirmed.code === 3)
      return { outcome: "rolled_back", reason: `the gateway restored the policy before Waymark could confirm the removal (${confirmed.stderr.trim()})` };
    if (confirmed.code !== 0) throw new PushStepError("confirm", `confirm failed: ${confirmed.stderr.trim()}`, true);
    return { outcome: "confirmed", appliedHash: "" };
  } finally {
    (second as RootSession | null)?.close();
  }
}

/** Reaching the gateway again proved the management path; where the LAN was sending before, it still must be. */
async function lanStillForwarded(session: RootSession, removed: Removed, budgetMs: () => number): Promise<GateVerdict> {
  let until = lanWaitUntil(removed.lan);
  for (;;) {
    const waitMs = budgetMs();
    const args = [String(removed.lan.after?.count ?? 0), String(until ?? 0), String(waitMs)];
    const result = await session.exec(["sh", "-c", removalGateScript(removed.wans), "gate", ...args], { timeoutMs: waitMs + 10_000 });
    const marker = markersOf(result.stdout).find((m) => m.kind === "lan");
    const now: LanSample = marker ? lanSampleOf(marker.words) : null;
    const verdict = lanVerdict(removed.lan, now);
    if (verdict.judged === "failed") return { passed: false, reason: verdict.reason };
    if (verdict.judged !== "waiting") return { passed: true, detail: `management path reachable; ${verdict.note}` };
    if (budgetMs() <= 0) return { passed: false, reason: "LAN traffic is no longer forwarded: none in the time the gate had after the removal" };
    until = verdict.untilMs;
  }
}
