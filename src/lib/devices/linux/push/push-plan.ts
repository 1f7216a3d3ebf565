import type { LinuxPlan } from "@/lib/domain/compile/linux";
import type { LinuxTarget as LinuxDevice } from "@/lib/devices/driver";
import { messageOf, stepper, type Stepper } from "../../push-progress";
import { asRoot } from "../privilege";
import { connectSsh, type SshSession } from "../ssh-client";
import { runHealthGate, readMonitorState } from "./gate";
import { inspectGateway, type GatewayInspection } from "./inspect";
import { monitorRestartScript, monitorStopScript } from "./monitor-control";
import { acquireLockScript, applyScript, armScript, confirmScript, pushDir, releaseLockScript, rollbackNowScript, snapshotScript } from "./remote-scripts";
import { PushStepError, type PushOutcome, type PushProgress, type PushStep } from "./types";

export type LinuxPushOptions = {
  pushId: string;
  planHash: string;
  /** The table hash recorded by the last confirmed push; equal hashes on both sides mean nothing to do. */
  lastAppliedTableHash: string | null;
  monitorScript: string;
  confirmWindowSec: number;
  gateTimeoutMs: number;
  connectTimeoutMs: number;
  onProgress: PushProgress;
};

// check → snapshot → arm the dead-man switch → apply → health gate over a new connection → confirm.
// Whatever fails after the apply is undone: at once when Waymark can still reach the gateway, otherwise by the
// gateway itself when the switch fires.
export async function pushLinuxPlan(device: LinuxDevice, plan: LinuxPlan, options: LinuxPushOptions): Promise<PushOutcome> {
  const dir = pushDir(options.pushId);
  const step = stepper(options.onProgress);
  let first: SshSession;
  try {
    first = await step("connect", () => connect(device, options));
  } catch (error) {
    return { outcome: "failed", reason: messageOf(error) };
  }
  let armed = false;
  try {
    const before = await step("inspect", () => inspect(first, plan, options));
    if (before.unchanged) return { outcome: "unchanged", appliedHash: before.inspection.tableHash ?? "" };
    const monitorBefore = await readMonitorState(first);
    const downBefore = (monitorBefore?.links ?? []).filter((l) => l.state !== "up").map((l) => l.name);
    await step("upload", () => upload(first, plan, options, dir));
    await step("check", () => run(first, "check", plan.apply.check, false));
    await step("snapshot", () => run(first, "snapshot", ["sh", "-c", snapshotScript(dir, options.pushId)], false));
    await step("arm", () => run(first, "arm", ["sh", "-c", armScript(dir, options.pushId, options.confirmWindowSec)], false));
    armed = true;
    const armedAt = Date.now();
    await step("apply", () => run(first, "apply", ["sh", `${dir}/apply.sh`], true));
    first.close();
    return await gateAndConfirm(device, plan, options, { dir, armedAt, monitorStartedBefore: monitorBefore?.startedAt ?? null, downBefore }, step);
  } catch (error) {
    return await recover(error, { device, session: first, armed, dir }, options, step);
  } finally {
    first.close();
  }
}

async function connect(device: LinuxDevice, options: LinuxPushOptions): Promise<SshSession> {
  const session = await connectSsh({
    host: device.host, port: device.port, username: device.username, auth: device.auth,
    pinnedHostKey: device.pinnedHostKey, timeoutMs: options.connectTimeoutMs,
  });
  try {
    return await asRoot(session);
  } catch (error) {
    session.close();
    throw new PushStepError("connect", (error as Error).message, false);
  }
}

async function inspect(session: SshSession, plan: LinuxPlan, options: LinuxPushOptions): Promise<{ inspection: GatewayInspection; unchanged: boolean }> {
  const inspection = await inspectGateway(session);
  const tool = plan.target === "linux-nftables" ? "nft" : "iptables-restore";
  if (!inspection.has[tool]) throw new PushStepError("inspect", `this plan needs ${tool}, which the gateway does not have`, false);
  const unchanged = inspection.appliedPlanHash === options.planHash && inspection.tableHash !== null && inspection.tableHash === options.lastAppliedTableHash;
  if (!unchanged) {
    const lock = (await run(session, "inspect", ["sh", "-c", acquireLockScript(options.pushId)], false)).trim();
    if (lock === "busy") throw new PushStepError("inspect", "another push is in flight on this gateway; wait for it to confirm or roll back", false);
  }
  return { inspection, unchanged };
}

async function upload(session: SshSession, plan: LinuxPlan, options: LinuxPushOptions, dir: string): Promise<void> {
  await run(session, "upload", ["mkdir", "-p", dir], false);
  const files: [string, string][] = [
    [plan.rulesetPath, plan.ruleset],
    [`${dir}/apply.sh`, applyScript(plan, dir)],
    [`${dir}/monitor.conf`, plan.monitor.config],
    [`${dir}/monitor.sh`, options.monitorScript],
    [`${dir}/monitor-restart.sh`, monitorRestartScript()],
    [`${dir}/monitor-stop.sh`, monitorStopScript()],
  ];
  for (const [path, content] of files) {
    const result = await session.exec(["sh", "-c", 'cat > "$1"', "upload", path], { timeoutMs: 10_000, stdin: content });
    if (result.code !== 0) throw new PushStepError("upload", `could not write ${path}: ${result.stderr.trim()}`, false);
  }
}

async function run(session: SshSession, name: PushStep, argv: readonly string[], changesDevice: boolean): Promise<string> {
  const result = await session.exec(argv, { timeoutMs: 30_000 });
  if (result.code !== 0) {
    const output = (result.stderr || result.stdout).trim().split("\n").slice(-6).join("\n");
    throw new PushStepError(name, `${name} failed (exit ${result.code ?? result.signal}): ${output}`, changesDevice);
  }
  return result.stdout;
}

/** The slowest link's worst-case detection time, plus a round of slack. */
function verdictAfterMs(plan: LinuxPlan): number {
  return Math.max(...plan.monitor.links.map((l) => (l.probe.downCount + 1) * l.probe.intervalMs + l.probe.timeoutMs));
}

/** When the arm step returned (dashboard clock): the switch fires no earlier than confirmWindowSec after this. */
type Applied = { dir: string; armedAt: number; monitorStartedBefore: number | null; downBefore: string[] };

/** Kept free at the end of the confirm window for the gate's last round trip and the confirm itself. */
const CONFIRM_RESERVE_MS = 3_000;

async function gateAndConfirm(device: LinuxDevice, plan: LinuxPlan, options: LinuxPushOptions, applied: Applied, step: Stepper): Promise<PushOutcome> {
  let second: SshSession;
  try {
    // Reconnecting is only worth it while the switch has not fired: give up at half the window.
    const gateConnect = { ...options, connectTimeoutMs: Math.min(options.connectTimeoutMs, (options.confirmWindowSec * 1000) / 2) };
    second = await step("gate", () => connect(device, gateConnect), () => "new SSH connection established");
  } catch (error) {
    return awaitSelfRollback(device, options, applied.dir, `the management path was lost after the apply (${(error as Error).message})`, step);
  }
  try {
    const gate = await step("gate", () => runHealthGate({
      session: second, monitorStartedBefore: applied.monitorStartedBefore, linkNames: plan.monitor.links.map((l) => l.name),
      verdictAfterMs: verdictAfterMs(plan),
      // The verdict must come while the switch is still armed: once it has fired the gateway is already rolling
      // back, and a gate still watching would judge (and report on) the restored monitor instead of the change.
      downBefore: applied.downBefore,
      timeoutMs: Math.max(0, Math.min(options.gateTimeoutMs, applied.armedAt + options.confirmWindowSec * 1000 - CONFIRM_RESERVE_MS - Date.now())),
    }), (g) => (g.passed ? g.detail : g.reason));
    if (!gate.passed) {
      await step("rollback", () => run(second, "rollback", ["sh", "-c", rollbackNowScript(applied.dir, options.pushId)], true));
      return { outcome: "rolled_back", reason: `health gate failed: ${gate.reason}` };
    }
    const confirmed = await step("confirm", () => second.exec(["sh", "-c", confirmScript(applied.dir, options.pushId, options.planHash, plan.rulesetPath)], { timeoutMs: 15_000 }));
    if (confirmed.code === 3) return { outcome: "rolled_back", reason: `the gateway rolled itself back before Waymark could confirm (${confirmed.stderr.trim()})` };
    if (confirmed.code !== 0) throw new PushStepError("confirm", `confirm failed: ${confirmed.stderr.trim()}`, true);
    return { outcome: "confirmed", appliedHash: tableHashOrEmpty(confirmed.stdout) };
  } finally {
    second.close();
  }
}

/** sha256 of no output: the iptables flavour has no nft table to hash. */
const NO_TABLE_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

function tableHashOrEmpty(stdout: string): string {
  const hash = stdout.trim();
  return hash === NO_TABLE_HASH ? "" : hash;
}

/** Locked out: the gateway's own switch restores the old state; reconnect after the window to make sure. */
async function awaitSelfRollback(device: LinuxDevice, options: LinuxPushOptions, dir: string, reason: string, step: Stepper): Promise<PushOutcome> {
  const waitMs = options.confirmWindowSec * 1000 + 3_000;
  return step("rollback", async () => {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    const session = await connect(device, options);
    try {
      const marker = await session.exec(["test", "-f", `${dir}/rolled-back`], { timeoutMs: 5_000 });
      if (marker.code !== 0) return { outcome: "failed" as const, reason: `${reason}; after the confirm window the gateway shows no rollback` };
      return { outcome: "rolled_back" as const, reason: `${reason}; the gateway rolled itself back after ${options.confirmWindowSec} s` };
    } finally {
      session.close();
    }
  }, (o) => o.reason);
}

type Recovery = { device: LinuxDevice; session: SshSession; armed: boolean; dir: string };

async function recover(error: unknown, at: Recovery, options: LinuxPushOptions, step: Stepper): Promise<PushOutcome> {
  const reason = messageOf(error);
  // Before the switch is armed nothing on the gateway has changed; the candidate files alone do no harm.
  if (!at.armed) {
    await at.session.exec(["sh", "-c", releaseLockScript(options.pushId)], { timeoutMs: 5_000 }).catch(() => undefined);
    return { outcome: "failed", reason };
  }
  try {
    await step("rollback", () => run(at.session, "rollback", ["sh", "-c", rollbackNowScript(at.dir, options.pushId)], true));
    return { outcome: "rolled_back", reason };
  } catch {
    return awaitSelfRollback(at.device, options, at.dir, reason, step);
  }
}
