// Test and benchmark support for monitor.sh: installing a plan straight into a lab gateway, running the monitor
// (dry, or inside the gateway's namespace under dash), reading its state file, and the /proc bookkeeping that
// proves a stopped monitor left no process behind.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { IspName, WanLab } from "../../../lab";
import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { ZIntent, type Intent, type IntentInput } from "@/lib/domain/intent";
import { parseMonitorState, type MonitorState } from "@/lib/devices/linux/monitor-state";
import { processesUnder } from "./monitor-proc";

export { cmdlineOf, cpuTicks, descendants, parentOf, processesUnder, totalTicks, treeCpu, type CpuSample } from "./monitor-proc";

export const SCRIPT = fileURLToPath(new URL("../../../src/lib/devices/linux/assets/monitor.sh", import.meta.url));

export function run(argv: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", timeout: 30_000, env: options.env ?? process.env, input: options.input });
  return { status: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? String(result.error ?? "") };
}

export const has = (command: string) => run(["sh", "-c", `command -v ${command}`]).status === 0;
export const hasDash = has("dash");

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** One monitor.sh (or its --supervise mode) running in the lab gateway's namespace. */
export class MonitorProcess {
  readonly child: ChildProcess;
  private exited: Promise<number | null>;

  constructor(
    readonly lab: WanLab,
    readonly dir: string,
    readonly logFile: string,
    args: string[],
    env: Record<string, string>,
  ) {
    const fd = openSync(logFile, "a");
    try {
      // `ip netns exec` execs dash in place: child.pid is the monitor (or supervisor) itself.
      this.child = spawn("ip", ["netns", "exec", lab.gateway.namespace!, "dash", path.join(dir, "monitor.sh"), ...args], {
        stdio: ["ignore", fd, fd],
        env: { ...process.env, ...env },
      });
    } finally {
      closeSync(fd);
    }
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : "";
  }

  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    if (this.running) this.child.kill(signal);
    const killer = setTimeout(() => this.running && this.child.kill("SIGKILL"), 8_000);
    const code = await this.exited;
    clearTimeout(killer);
    return code;
  }

  wait(): Promise<number | null> {
    return this.exited;
  }
}

/** A plan installed in a lab gateway plus a directory with monitor.sh and monitor.conf (byte-identical to the plan's). */
export class MonitorRig {
  readonly dir: string;
  readonly conf: string;
  readonly runDir: string;
  readonly stateFile: string;
  readonly started: MonitorProcess[] = [];

  constructor(
    readonly lab: WanLab,
    readonly plan: LinuxPlan,
    /** Another monitor.sh to run (benchmarks compare versions); the asset by default. */
    script = SCRIPT,
  ) {
    this.dir = mkdtempSync(path.join(tmpdir(), "wm-monitor-lab-"));
    this.conf = path.join(this.dir, "monitor.conf");
    this.runDir = path.join(this.dir, "run");
    this.stateFile = path.join(this.dir, "run", "monitor.state");
    copyFileSync(script, path.join(this.dir, "monitor.sh"));
    writeFileSync(this.conf, plan.monitor.config);
    mkdirSync(this.runDir);
  }

  start(options: { supervise?: boolean; env?: Record<string, string>; runDir?: string; stateFile?: string } = {}): MonitorProcess {
    const n = this.started.length;
    const monitor = new MonitorProcess(
      this.lab,
      this.dir,
      path.join(this.dir, `monitor-${n}.log`),
      [...(options.supervise ? ["--supervise"] : []), this.conf],
      {
        WAYMARK_RUN_DIR: options.runDir ?? this.runDir,
        WAYMARK_STATE_FILE: options.stateFile ?? this.stateFile,
        WAYMARK_MONITOR_LOG: "stderr",
        ...options.env,
      },
    );
    this.started.push(monitor);
    return monitor;
  }

  state(file = this.stateFile): MonitorState | null {
    try {
      return parseMonitorState(readFileSync(file, "utf8"));
    } catch {
      return null;
    }
  }

  link(name: string, file = this.stateFile) {
    return this.state(file)?.links.find((l) => l.name === name) ?? null;
  }

  /** Waits until the state file holds a state in which `check` holds. */
  waitState(what: string, timeoutMs: number, check: (s: MonitorState) => boolean, file = this.stateFile): Promise<MonitorState> {
    return until(what, timeoutMs, () => {
      const s = this.state(file);
      return s && check(s) ? s : null;
    });
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.started.map((m) => m.stop()));
    // Anything left that runs from this rig's directory is ours (e.g. a monitor the supervisor restarted).
    for (let i = 0; i < 50 && processesUnder(this.dir).length > 0; i++) await sleep(100);
    for (const pid of processesUnder(this.dir)) {
      console.warn(`monitor rig: killing leftover pid ${pid}: ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ")}`);
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Installs a plan straight into the lab gateway (no SSH pusher): sysctls, routes, rules, the ruleset. */
export async function installPlan(lab: WanLab, plan: LinuxPlan): Promise<void> {
  const gw = (argv: string[]) => lab.gateway.exec(argv);
  for (const s of plan.sysctls) await gw(s.argv);
  for (const r of plan.routes) await gw(r.argv);
  for (const c of plan.cleanup) {
    for (let n = 0; n < 20; n++) {
      const ok = await gw(c.argv).then(
        () => true,
        () => false,
      );
      if (!ok || !c.untilFails) break;
    }
  }
  for (const r of plan.rules) await gw(r.argv);
  if (plan.target === "linux-nftables") {
    await lab.gateway.exec(["nft", "-f", "-"], { input: plan.ruleset });
  } else {
    await lab.gateway.exec(["iptables-restore", "-w", "--noflush"], { input: plan.ruleset });
    for (const h of plan.hooks) {
      if (
        !(await gw(h.check).then(
          () => true,
          () => false,
        ))
      )
        await gw(h.insert);
    }
  }
}

export function labIntent(lab: WanLab, extra: Partial<Record<IspName, Partial<IntentInput["links"][number]>>> = {}): Intent {
  const gateways: Record<IspName, string> = { isp1: "198.51.100.1", isp2: "203.0.113.1", isp3: "198.51.100.9" };
  return ZIntent.parse({
    links: lab.isps.map((isp) => ({
      name: isp.name,
      interface: isp.wanIf,
      gateway: gateways[isp.name],
      probe: { targets: [...lab.probeTargets] },
      ...extra[isp.name],
    })),
    outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
  } satisfies IntentInput);
}
