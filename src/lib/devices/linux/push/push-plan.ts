import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { intentProblemsOnDevice, type IntentOnDevice } from "@/lib/domain/device/fit";
import type { LinuxTarget as LinuxDevice } from "@/lib/devices/driver";
import { messageOf, stepper, type Stepper } from "../../push-progress";
import { PushRefusedError, PushStepError, type PushOutcome, type PushProgress } from "../../push-types";
import { connectSsh } from "../ssh-client";
import { AfterArmError, prepareAndApply, type Applied } from "./apply-phase";
import { runHealthGate } from "./gate";
import { inspectGateway, linuxCapabilities, type GatewayInspection } from "./inspect";
import { lanCountOf, type LanSample } from "./lan-watch";
import { abandonScript, confirmScript, outcomeOfScript, pushDir, rollbackNowScript } from "./remote-scripts";
import { rootSession, type RootSession } from "./script-kit";

export type LinuxPushOptions = {
  pushId: string;
  planHash: string;
  /** The table hash recorded by the last confirmed push; equal hashes on both sides mean nothing to do. */
  lastAppliedTableHash: string | null;
  monitorScript: string;
  /** assets/pool-checks.sh, installed beside the monitor; needed only by a plan with server pools. */
  poolChecksScript?: string;
  confirmWindowSec: number;
  gateTimeoutMs: number;
  connectTimeoutMs: number;
  onProgress: PushProgress;
  /** This push's inspection when its caller made one (its first step): not repeated, and reported by the caller. */
  inspection?: GatewayInspection;
};

// One connection for the change: [inspect →] take the lock, upload, nft -c, snapshot, arm the dead-man switch,
// apply, all in one round trip (prepare-script.ts) → health gate over a NEW connection → confirm. Whatever fails
// after the arm is undone: at once when Waymark can still reach the gateway, otherwise by the gateway itself
// when the switch fires. Every ending removes the push's files from the gateway (remote-scripts.ts pushEndScript).
export async function pushLinuxPlan(device: LinuxDevice, plan: LinuxPlan, options: LinuxPushOptions): Promise<PushOutcome> {
  const step = stepper(options.onProgress);
  if (options.inspection && unchanged(options.inspection, options)) return { outcome: "unchanged", appliedHash: options.inspection.tableHash ?? "" };
  let first: RootSession;
  try {
    first = await connectStep(step, device, options.connectTimeoutMs);
  } catch (error) {
    return { outcome: "failed", reason: messageOf(error) };
  }
  try {
    const inspection =
      options.inspection ??
      (await step(
        "inspect",
        () => inspectAndJudge(first, plan),
        (i) => describe(i),
      ));
    if (unchanged(inspection, options)) return { outcome: "unchanged", appliedHash: inspection.tableHash ?? "" };
    if (options.inspection) refuseUnfit(options.inspection, plan);
    const applied = await prepareAndApply(first, plan, options, options.onProgress);
    first.close();
    return await gateAndConfirm(device, plan, options, { ...applied, lanAtInspection: lanAt(inspection, plan) }, first.sudo, step);
  } catch (error) {
    return await recover(error, { device, session: first }, options, step);
  } finally {
    first.close();
  }
}

/** A push's (or removal's) own connection, reported as its "connect" step. */
export const connectStep = (step: Stepper, device: LinuxDevice, timeoutMs: number): Promise<RootSession> =>
  step(
    "connect",
    () => connect(device, timeoutMs, null),
    () => "SSH session open",
  );

export async function connect(device: LinuxDevice, timeoutMs: number, sudo: boolean | null): Promise<RootSession> {
  const ssh = await connectSsh({
    host: device.host,
    port: device.port,
    username: device.username,
    auth: device.auth,
    pinnedHostKey: device.pinnedHostKey,
    timeoutMs,
  });
  return rootSession(ssh, sudo);
}

const unchanged = (inspection: GatewayInspection, options: LinuxPushOptions) =>
  inspection.appliedPlanHash === options.planHash && inspection.tableHash !== null && inspection.tableHash === options.lastAppliedTableHash;

async function inspectAndJudge(session: RootSession, plan: LinuxPlan): Promise<GatewayInspection> {
  const inspection = await inspectGateway(session);
  refuseUnfit(inspection, plan);
  return inspection;
}

const describe = (i: GatewayInspection) =>
  `${i.softwareVersion}; ${i.has.nft ? "nftables" : "iptables"}; ${i.interfaces.length} interfaces${i.removedStale.length > 0 ? `; removed ${i.removedStale.length} ended push director${i.removedStale.length === 1 ? "y" : "ies"}` : ""}`;

/** Nothing changes on a gateway that cannot run the plan, or lacks what the plan names. */
function refuseUnfit(inspection: GatewayInspection, plan: LinuxPlan): void {
  const tool = plan.target === "linux-nftables" ? "nft" : "iptables-restore";
  if (!inspection.has[tool]) throw new PushRefusedError(`this plan needs ${tool}, which the gateway does not have`);
  const problems = intentProblemsOnDevice(namedBy(plan), linuxCapabilities(inspection));
  if (problems.length > 0) throw new PushRefusedError(`the policy names what this gateway does not have: ${problems.join("; ")}`);
}

function namedBy(plan: LinuxPlan): IntentOnDevice {
  return {
    links: plan.monitor.links.map((l) => ({ name: l.name, interface: l.interface, gateway: l.gateway })),
    outbound: { lanInterfaces: plan.lan.interfaces, lanSources: plan.lan.sources },
  };
}

/** The slowest link's worst-case detection time, plus a round of slack. */
function verdictAfterMs(plan: LinuxPlan): number {
  return Math.max(...plan.monitor.links.map((l) => (l.probe.downCount + 1) * l.probe.intervalMs + l.probe.timeoutMs));
}

/** Kept free at the end of the confirm window for the gate's last round trip and the confirm itself. */
export const CONFIRM_RESERVE_MS = 3_000;

/** The LAN's forwarded connections as inspection counted them: where the gate's "before" starts. */
function lanAt(inspection: GatewayInspection, plan: LinuxPlan): LanSample {
  const watch = inspection.lanWatch;
  return watch ? { count: lanCountOf(watch.pairs, plan.lan.interfaces), atMs: watch.atMs } : null;
}

async function gateAndConfirm(
  device: LinuxDevice,
  plan: LinuxPlan,
  options: LinuxPushOptions,
  applied: Applied & { lanAtInspection: LanSample },
  sudo: boolean | null,
  step: Stepper,
): Promise<PushOutcome> {
  const dir = pushDir(options.pushId);
  // The verdict must come while the switch is still armed: once it has fired the gateway is already rolling back,
  // and a gate still watching would judge (and report on) the restored monitor instead of the change.
  const budgetMs = () => Math.max(0, Math.min(options.gateTimeoutMs, applied.armedAt + options.confirmWindowSec * 1000 - CONFIRM_RESERVE_MS - Date.now()));
  let second: RootSession | null = null;
  try {
    const gate = await step(
      "gate",
      async () => {
        try {
          // Reconnecting is only worth it while the switch has not fired: give up at half the window.
          second = await connect(device, Math.min(options.connectTimeoutMs, (options.confirmWindowSec * 1000) / 2), sudo);
        } catch (error) {
          return { passed: false as const, lost: true, reason: `the management path was lost after the apply (${messageOf(error)})` };
        }
        const downBefore = (applied.monitorBefore?.links ?? []).filter((l) => l.state !== "up").map((l) => l.name);
        return runHealthGate({
          session: second,
          monitorStartedBefore: applied.monitorBefore?.startedAt ?? null,
          linkNames: plan.monitor.links.map((l) => l.name),
          verdictAfterMs: verdictAfterMs(plan),
          downBefore,
          lanInterfaces: plan.lan.interfaces,
          lan: { start: applied.lanAtInspection, ...applied.lan },
          checkTable: plan.target === "linux-nftables",
          timeoutMs: budgetMs(),
        });
      },
      (g) => (g.passed ? g.detail : { status: "failed", detail: g.reason }),
    );
    if (!gate.passed && "lost" in gate) return awaitSelfRollback(device, options, sudo, gate.reason, step);
    const session = second as RootSession | null;
    if (!session) throw new Error("unreachable: the gate passed without a session");
    if (!gate.passed) {
      await step(
        "rollback",
        () => run(session, "rollback", ["sh", "-c", rollbackNowScript(dir, options.pushId)]),
        () => "rolled back at once over the gate's connection",
      );
      return { outcome: "rolled_back", reason: `health gate failed: ${gate.reason}` };
    }
    const confirmed = await step(
      "confirm",
      () => session.exec(["sh", "-c", confirmScript(dir, options.pushId, options.planHash, plan.rulesetPath)], { timeoutMs: 15_000 }),
      (r) =>
        r.code === 0
          ? "switch disarmed; the change is kept and survives a reboot"
          : { status: "failed", detail: r.code === 3 ? "the gateway's switch fired first and rolled the change back" : r.stderr.trim() },
    );
    if (confirmed.code === 3)
      return { outcome: "rolled_back", reason: `the gateway rolled itself back before Waymark could confirm (${confirmed.stderr.trim()})` };
    if (confirmed.code !== 0) throw new PushStepError("confirm", `confirm failed: ${confirmed.stderr.trim()}`, true);
    return { outcome: "confirmed", appliedHash: tableHashOrEmpty(confirmed.stdout) };
  } finally {
    (second as RootSession | null)?.close();
  }
}

export async function run(session: RootSession, name: "rollback", argv: readonly string[]): Promise<string> {
  const result = await session.exec(argv, { timeoutMs: 30_000 });
  if (result.code !== 0) {
    const output = (result.stderr || result.stdout).trim().split("\n").slice(-6).join("\n");
    throw new PushStepError(name, `${name} failed (exit ${result.code ?? result.signal}): ${output}`, true);
  }
  return result.stdout;
}

/** sha256 of no output: the iptables flavour has no nft table to hash. */
const NO_TABLE_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

function tableHashOrEmpty(stdout: string): string {
  const hash = stdout.trim().split("\n").pop() ?? "";
  return hash === NO_TABLE_HASH ? "" : hash;
}

/** What the rollback of a change needs to know of it (a push's or a removal's). */
export type SwitchOptions = Pick<LinuxPushOptions, "pushId" | "confirmWindowSec" | "connectTimeoutMs">;

/** Locked out: the gateway's own switch restores the old state; reconnect after the window to make sure. */
export async function awaitSelfRollback(
  device: LinuxDevice,
  options: SwitchOptions,
  sudo: boolean | null,
  reason: string,
  step: Stepper,
): Promise<PushOutcome> {
  const waitMs = options.confirmWindowSec * 1000 + 3_000;
  const dir = pushDir(options.pushId);
  // What the gateway recorded of this push's end; a push it never armed left only its files and lock, let go here.
  const ask = `if o=$(${outcomeOfScript(options.pushId)}); then echo "$o"; elif [ -e ${dir}/armed ] || [ -e ${dir}/fired ]; then echo armed; else ${abandonScript(dir, options.pushId).replaceAll("\n", "; ")}; echo none; fi`;
  return step(
    "rollback",
    async () => {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      const session = await connect(device, options.connectTimeoutMs, sudo);
      try {
        const said = (await session.exec(["sh", "-c", ask], { timeoutMs: 10_000 })).stdout.trim();
        if (said === "rolled-back")
          return { outcome: "rolled_back" as const, reason: `${reason}; the gateway rolled itself back after ${options.confirmWindowSec} s` };
        return { outcome: "failed" as const, reason: `${reason}; after the confirm window the gateway shows no rollback (${said || "no answer"})` };
      } finally {
        session.close();
      }
    },
    (o) => (o.outcome === "rolled_back" ? o.reason : { status: "failed", detail: o.reason }),
  );
}

type Recovery = { device: LinuxDevice; session: RootSession };

export async function recover(error: unknown, at: Recovery, options: SwitchOptions, step: Stepper): Promise<PushOutcome> {
  const reason = messageOf(error);
  const dir = pushDir(options.pushId);
  // Before the switch is armed nothing on the gateway has changed: let go of the lock and the push's files.
  if (!(error instanceof AfterArmError)) {
    await at.session.exec(["sh", "-c", abandonScript(dir, options.pushId)], { timeoutMs: 5_000 }).catch(() => undefined);
    return error instanceof PushRefusedError ? { outcome: "refused", reason } : { outcome: "failed", reason };
  }
  try {
    await step(
      "rollback",
      () => run(at.session, "rollback", ["sh", "-c", rollbackNowScript(dir, options.pushId)]),
      () => "rolled back at once",
    );
    return { outcome: "rolled_back", reason };
  } catch {
    return awaitSelfRollback(at.device, options, at.session.sudo, reason, step);
  }
}
