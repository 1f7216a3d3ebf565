import { readFileSync } from "node:fs";
import path from "node:path";
import type { LinuxTarget, MemberPushOptions } from "@/lib/devices/driver";
import type { VipNodePlan } from "@/lib/domain/site/member-plan";
import { messageOf, stepper, type Stepper } from "../../../push-progress";
import { PushStepError, type PushOutcome } from "../../../push-types";
import { runChange } from "../../push/apply-phase";
import { awaitSelfRollback, connect, connectStep, recover, type SwitchOptions } from "../../push/push-plan";
import { pushDir, rollbackNowScript } from "../../push/remote-scripts";
import { markersOf, type RootSession } from "../../push/script-kit";
import { sectionsOf, daemonStateOf } from "./parse";
import { type Change, changeScript, confirmScript, presentScript, readScript } from "./scripts";

// A shared-VIP node's push and removal, with the gateway push's safety and its kit (push/): one round trip takes
// the lock, uploads, checks (`nft -c`, the daemon's own config check), snapshots (rollback.sh gives back what the
// last confirm kept), arms the dead-man switch and applies; the gate looks over a NEW connection (tables, address,
// multicast MAC in place, the daemon running and writing its state); then confirm, else roll back at once, else
// the node's switch rolls back by itself.

const CONNECT_TIMEOUT_MS = 10_000;
const GATE_TIMEOUT_MS = 8_000;
const GATE_RETRY_MS = 250;
/** The daemon wrote its state this recently (node clock) for the gate to count it running. */
const STATE_FRESH_MS = 2_000;

let cachedDaemon: string | null = null;
/** The daemon ships as a plain perl file beside this code, so it can be read and tested as such. */
export function vipDaemonScript(): string {
  cachedDaemon ??= readFileSync(path.join(/* turbopackIgnore: true */ process.cwd(), "src/lib/devices/linux/assets/vip-heartbeat.pl"), "utf8");
  return cachedDaemon;
}

export function applyVipNode(target: LinuxTarget, plan: VipNodePlan, options: MemberPushOptions): Promise<PushOutcome> {
  return change(target, plan, options, "apply");
}

export function removeVipNode(target: LinuxTarget, plan: VipNodePlan, options: MemberPushOptions): Promise<PushOutcome> {
  return change(target, plan, options, "remove");
}

async function change(target: LinuxTarget, plan: VipNodePlan, options: MemberPushOptions, kind: Change["kind"]): Promise<PushOutcome> {
  const step = stepper(options.onProgress);
  const switchOptions: SwitchOptions = { pushId: options.pushId, confirmWindowSec: options.confirmWindowSec, connectTimeoutMs: CONNECT_TIMEOUT_MS };
  pushDir(options.pushId);
  let first: RootSession;
  try {
    first = await connectStep(step, target, CONNECT_TIMEOUT_MS);
  } catch (error) {
    return { outcome: "failed", reason: messageOf(error) };
  }
  try {
    const present = await step(
      "inspect",
      () => presentOn(first, plan),
      (p) =>
        `${p.table ? "table present" : "no table"}; daemon ${p.daemon ? "running" : "not running"}; ${p.applied ? "a confirmed plan recorded" : "no confirmed plan recorded"}`,
    );
    if (kind === "apply" && present.applied === options.planHash && present.table && present.daemon)
      return { outcome: "unchanged", appliedHash: options.planHash };
    if (kind === "remove" && !present.applied && !present.table && !present.daemon) return { outcome: "unchanged", appliedHash: "" };
    const job: Change = { kind, plan, pushId: options.pushId, confirmWindowSec: options.confirmWindowSec, daemon: vipDaemonScript() };
    const details = {
      upload: "push lock taken; table, heartbeat configuration, daemon and scripts written in one stream",
      check: kind === "apply" ? "nft -c accepted the tables; the daemon accepted its configuration" : "the removal script parses",
      snapshot: "rollback.sh gives back what the last confirm kept",
      arm: `the node rolls back by itself in ${options.confirmWindowSec} s unless confirmed`,
      apply:
        kind === "apply"
          ? "tables, virtual IP and multicast MAC in place; heartbeat daemon started"
          : "daemon stopped; tables, virtual IP and multicast MAC taken off",
    } as Record<string, string>;
    const run = await runChange(first, changeScript(job), (s) => details[s], options.onProgress);
    if (run.armedAt === null) throw new PushStepError("arm", "the change ended without arming the rollback switch", false);
    first.close();
    return await gateAndConfirm(target, job, options, run.armedAt, first.sudo, step);
  } catch (error) {
    return await recover(error, { device: target, session: first }, switchOptions, step);
  } finally {
    first.close();
  }
}

type Present = { applied: string; table: boolean; daemon: boolean };

async function presentOn(session: RootSession, plan: VipNodePlan): Promise<Present> {
  const result = await session.exec(["sh", "-c", presentScript(plan)], { timeoutMs: 10_000 });
  if (result.code !== 0)
    throw new PushStepError("inspect", `the node's inspection failed (exit ${result.code ?? result.signal}): ${result.stderr.trim().slice(-300)}`, false);
  const said = new Map(markersOf(result.stdout).map((m) => [m.kind, m.rest.trim()]));
  return { applied: said.get("applied") ?? "", table: said.get("table") === "present", daemon: said.get("daemon") === "alive" };
}

type Verdict = { passed: true; detail: string } | { passed: false; reason: string; lost?: boolean };

/** What the gate wants to see: the change in place (apply) or gone (remove). */
async function look(session: RootSession, job: Change): Promise<Verdict> {
  const result = await session.exec(["sh", "-c", readScript(job.plan)], { timeoutMs: 10_000 });
  const s = sectionsOf(result.stdout);
  if (!s.complete) return { passed: false, reason: `the node's read failed: ${result.stderr.trim().slice(-200)}` };
  if (job.kind === "remove") {
    const left = [
      s.present.table && "the table",
      s.present.arp && "the ARP table",
      s.present.address && "the virtual IP",
      s.daemonPid !== null && "the daemon",
    ].filter(Boolean);
    return left.length === 0
      ? { passed: true, detail: "nothing of the site is left on the node" }
      : { passed: false, reason: `still on the node: ${left.join(", ")}` };
  }
  const missing = [
    !s.present.table && "the table",
    !s.present.arp && "the ARP table",
    !s.present.address && "the virtual IP",
    !s.present.maddr && "the multicast MAC",
    s.daemonPid === null && "the heartbeat daemon",
  ].filter(Boolean);
  if (missing.length > 0) return { passed: false, reason: `missing after the apply: ${missing.join(", ")}` };
  const state = daemonStateOf(s.state);
  const age = state?.uptimeMs != null && s.uptimeMs !== null ? s.uptimeMs - state.uptimeMs : null;
  if (age === null || age > STATE_FRESH_MS) return { passed: false, reason: "the heartbeat daemon runs but has not written its state" };
  const heard = state?.peers.filter((p) => p.alive).length ?? 0;
  return {
    passed: true,
    detail: `tables, virtual IP and multicast MAC in place; daemon pid ${s.daemonPid} running${state?.check ? `, its check ${state.check.passing ? "passes" : `fails (${state.check.detail})`}` : ""}; hears ${heard} of ${state?.peers.length ?? 0} peers`,
  };
}

async function gateAndConfirm(
  target: LinuxTarget,
  job: Change,
  options: MemberPushOptions,
  armedAt: number,
  sudo: boolean | null,
  step: Stepper,
): Promise<PushOutcome> {
  const dir = pushDir(options.pushId);
  const switchOptions: SwitchOptions = { pushId: options.pushId, confirmWindowSec: options.confirmWindowSec, connectTimeoutMs: CONNECT_TIMEOUT_MS };
  const deadline = Math.min(Date.now() + GATE_TIMEOUT_MS, armedAt + options.confirmWindowSec * 1000 - 3_000);
  let second: RootSession | null = null;
  try {
    const gate = await step(
      "gate",
      async (): Promise<Verdict> => {
        try {
          second = await connect(target, Math.min(CONNECT_TIMEOUT_MS, (options.confirmWindowSec * 1000) / 2), sudo);
        } catch (error) {
          return { passed: false, lost: true, reason: `the management path was lost after the apply (${messageOf(error)})` };
        }
        for (;;) {
          const verdict = await look(second, job);
          if (verdict.passed || Date.now() + GATE_RETRY_MS > deadline) return verdict;
          await new Promise((resolve) => setTimeout(resolve, GATE_RETRY_MS));
        }
      },
      (g) => (g.passed ? g.detail : { status: "failed", detail: g.reason }),
    );
    if (!gate.passed && gate.lost) return awaitSelfRollback(target, switchOptions, sudo, gate.reason, step);
    const session = second as RootSession | null;
    if (!session) throw new Error("unreachable: the gate ended without a session");
    if (!gate.passed) {
      await step(
        "rollback",
        async () => {
          const r = await session.exec(["sh", "-c", rollbackNowScript(dir, options.pushId)], { timeoutMs: 30_000 });
          if (r.code !== 0) throw new PushStepError("rollback", `rollback failed: ${(r.stderr || r.stdout).trim().slice(-300)}`, true);
        },
        () => "rolled back at once over the gate's connection",
      );
      return { outcome: "rolled_back", reason: `health gate failed: ${gate.reason}` };
    }
    const confirmed = await step(
      "confirm",
      () => session.exec(["sh", "-c", confirmScript(job, options.planHash)], { timeoutMs: 15_000 }),
      (r) =>
        r.code === 0
          ? job.kind === "apply"
            ? "switch disarmed; kept under /etc/waymark/vip for a reboot"
            : "switch disarmed; the site's files are gone from the node"
          : { status: "failed", detail: r.code === 3 ? "the node's switch fired first and rolled the change back" : r.stderr.trim() },
    );
    if (confirmed.code === 3) return { outcome: "rolled_back", reason: "the node rolled itself back before Waymark could confirm" };
    if (confirmed.code !== 0) throw new PushStepError("confirm", `confirm failed: ${confirmed.stderr.trim()}`, true);
    return { outcome: "confirmed", appliedHash: job.kind === "apply" ? options.planHash : "" };
  } finally {
    (second as RootSession | null)?.close();
  }
}
