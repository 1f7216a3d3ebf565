// The Linux watch against a real gateway (the dual-WAN lab: sshd, nftables, conntrack and the monitor in network
// namespaces): one SSH connection for 100 polls, the same reading a one-off read gives, counters that move with
// the lab's traffic, drift seen, a killed connection that fails retryably and reconnects, and no loop left on the
// gateway after close() or after the dashboard process dies.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, type WanLab } from "../../../../../lab";
import { startPrivateSshd, type PrivateSshd } from "../../../../../lab/private-sshd";
import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";
import { ZIntent } from "@/lib/domain/intent";
import type { DeviceReading } from "@/lib/domain/device/reading";
import type { DeviceDriver, LinuxTarget } from "@/lib/devices/driver";
import { DeviceFailure } from "@/lib/devices/failure";
import { rootTargetOf } from "@tests/support/linux/lab-target";
import { createLinuxDriver } from "../adapter";
import { linuxGateway } from "../gateway";
import type { StateLink } from "../read-state";
import { WATCH_NAME } from "./watch-script";

let lab: WanLab;
let sshd: PrivateSshd;
let target: LinuxTarget;
let plan: LinuxPlan;
let links: StateLink[];
let driver: DeviceDriver;
let appliedHash: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sshdLog = () => path.join(lab.lab.tmpDir, `sshd-private-${sshd.port}.log`);
const logins = () =>
  readFileSync(sshdLog(), "utf8")
    .split("\n")
    .filter((l) => l.includes("Accepted publickey")).length;

/** The watch loops running in the gateway's network namespace (pid and the ticks of CPU they and theirs used). */
async function watchLoops(): Promise<{ pid: number; ppid: number; ticks: number }[]> {
  const { stdout } = await lab.lab.root.exec(["ip", "netns", "pids", lab.gateway.namespace ?? ""]);
  const loops: { pid: number; ppid: number; ticks: number }[] = [];
  for (const pid of stdout.split(/\s+/).filter(Boolean).map(Number)) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (argv[0] !== "sh" || argv[1] !== "-c" || argv[3] !== WATCH_NAME) continue;
      // Fields after the command name: state ppid … utime(14) stime(15) cutime(16) cstime(17).
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      loops.push({ pid, ppid: Number(fields[1]), ticks });
    } catch {
      // Gone between the listing and the read.
    }
  }
  // The loop's own background reader is a forked copy of it; the one whose parent is not a loop is the loop.
  return loops.filter((l) => !loops.some((o) => o.pid === l.ppid));
}

function sshdOf(pid: number): number {
  for (let at = pid; at > 1; ) {
    const stat = readFileSync(`/proc/${at}/stat`, "utf8");
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    if (comm.startsWith("sshd")) return at;
    at = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  }
  throw new Error(`no sshd above ${pid}`);
}

async function noLoopWithin(ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await watchLoops()).length > 0) {
    if (Date.now() > deadline) throw new Error(`a watch loop is still running on the gateway after ${ms} ms`);
    await sleep(100);
  }
}

beforeAll(async () => {
  lab = await startWanLab({ label: "watch", lanClients: 2 });
  sshd = await startPrivateSshd(lab);
  target = rootTargetOf(lab, sshd);
  plan = compileLinux(
    ZIntent.parse({
      links: [
        { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
        { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
      ],
      outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
    }),
    { flavour: "nftables" },
  );
  links = plan.monitor.links.map((l) => ({ name: l.name, mark: l.mark }));
  const outcome = await linuxGateway(target).push(plan, {
    pushId: `watch${process.pid}`,
    planHash: createHash("sha256").update(JSON.stringify(plan)).digest("hex"),
    lastAppliedTableHash: null,
    confirmWindowSec: 20,
    gateTimeoutMs: 10_000,
    onProgress: () => {},
  });
  expect(outcome).toMatchObject({ outcome: "confirmed" });
  if (outcome.outcome !== "confirmed") throw new Error("push not confirmed");
  appliedHash = outcome.appliedHash;
  driver = createLinuxDriver(target);
}, 120_000);

afterAll(async () => {
  await sshd?.stop();
  await lab?.stop();
});

const newConnections = (r: DeviceReading) => r.links.reduce((sum, l) => sum + BigInt(l.newConnections ?? "0"), 0n);

describe("[lab] watching a Linux gateway over one SSH connection", () => {
  it("gives 100 readings over one login and one streaming exec, counters moving with the LAN's traffic", async () => {
    const loginsBefore = logins();
    const watch = driver.watch(plan, appliedHash, { intervalMs: 200 });
    try {
      const first = await watch.poll();
      const [loop] = await watchLoops();
      expect(loop).toBeDefined();
      const traffic = Promise.all(lab.clients.map((c) => c.connect({ count: 40, concurrency: 4 })));
      const readings: DeviceReading[] = [first];
      while (readings.length < 100) readings.push(await watch.poll());
      await traffic;
      const after = await watch.poll();
      const [sameLoop] = await watchLoops();

      expect(watch.cost()).toMatchObject({ logins: 1, commands: 2 });
      expect(logins() - loginsBefore).toBe(1);
      for (let i = 1; i < readings.length; i++) expect(readings[i]!.readAtMs).toBeGreaterThan(readings[i - 1]!.readAtMs);
      expect(newConnections(after) - newConnections(first)).toBeGreaterThanOrEqual(80n);
      expect(BigInt(after.links[0]!.out?.bytes ?? "0")).toBeGreaterThan(BigInt(first.links[0]!.out?.bytes ?? "0"));

      // The gateway's cost: CPU of the loop and everything it ran, per frame, and the bytes per frame sent.
      const frames = readings.length + 1;
      const cpuMsPerFrame = ((sameLoop!.ticks - loop!.ticks) * 10) / (frames - 1);
      const cost = watch.cost();
      console.log(
        `watch: ${frames} frames, ${cpuMsPerFrame.toFixed(1)} ms gateway CPU per frame ` +
          `(${(cpuMsPerFrame / 20).toFixed(2)} % of a core at a 2 s interval), ${Math.round(cost.bytesFromDevice / frames)} bytes per frame`,
      );
      expect(cpuMsPerFrame).toBeLessThan(100);
    } finally {
      await watch.close();
    }
    await noLoopWithin(3_000);
  }, 90_000);

  it("reads what a one-off read reads at the same moment: rules, links and drift", async () => {
    const watch = driver.watch(plan, appliedHash, { intervalMs: 500 });
    try {
      await watch.poll();
      const before = await driver.read(plan, appliedHash);
      const watched = await watch.poll();
      const after = await driver.read(plan, appliedHash);
      const shape = (r: DeviceReading) => ({
        watcher: r.watcher,
        drift: r.drift,
        links: r.links.map((l) => ({ ...l, rttMs: null, lossPercent: null })),
        rules: r.rules.map((rule) => ({ ...rule, packets: null, bytes: null })),
      });
      expect(shape(watched)).toEqual(shape(before));
      expect(shape(watched)).toEqual(shape(after));
      watched.rules.forEach((rule, i) => {
        if (rule.packets === null) return;
        expect(BigInt(rule.packets)).toBeGreaterThanOrEqual(BigInt(before.rules[i]!.packets!));
        expect(BigInt(rule.packets)).toBeLessThanOrEqual(BigInt(after.rules[i]!.packets!));
      });
      expect(watched.drift.drifted).toBe(false);

      // A change made on the gateway behind Waymark's back: the next frames carry the new listing and its hash.
      await lab.gateway.exec(["nft", "add", "chain", "inet", "waymark", "wmtest_drift"]);
      try {
        const drifted = await pollUntil(watch.poll, (r) => r.drift.drifted, 5_000);
        expect(drifted.drift).toEqual((await driver.read(plan, appliedHash)).drift);
      } finally {
        await lab.gateway.exec(["nft", "delete", "chain", "inet", "waymark", "wmtest_drift"]);
      }
      expect((await pollUntil(watch.poll, (r) => !r.drift.drifted, 5_000)).drift.drifted).toBe(false);
      expect(watch.cost().logins).toBe(1);
    } finally {
      await watch.close();
    }
    await noLoopWithin(3_000);
  }, 60_000);

  it("fails retryably when its SSH connection is killed, and the next poll logs in again", async () => {
    await noLoopWithin(3_000);
    const watch = driver.watch(plan, appliedHash, { intervalMs: 300 });
    try {
      await watch.poll();
      const [loop] = await watchLoops();
      // The sshd process that serves this connection: the loop's nearest sshd ancestor.
      await lab.lab.root.exec(["kill", "-KILL", String(sshdOf(loop!.pid))]);
      // Between polls: the next poll still says the session was lost.
      await sleep(500);
      const failure = await pollUntilFailure(watch.poll, 5_000);
      expect(failure).toBeInstanceOf(DeviceFailure);
      expect((failure as DeviceFailure).retryable).toBe(true);
      await noLoopWithin(3_000);
      const again = await watch.poll();
      expect(again.links.map((l) => l.state)).toEqual(["up", "up"]);
      expect(watch.cost().logins).toBe(2);
    } finally {
      await watch.close();
    }
    await noLoopWithin(3_000);
  }, 60_000);

  it("refuses a gateway whose host key is not the pinned one, as every other call does", async () => {
    const watch = createLinuxDriver({ ...target, pinnedHostKey: "SHA256:not-the-gateway-key" }).watch(plan, appliedHash, { intervalMs: 1000 });
    const failure = await watch.poll().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeviceFailure);
    expect(failure).toMatchObject({ status: "host_key_mismatch", retryable: false });
    await watch.close();
  });

  it("leaves no loop on the gateway when the dashboard process is killed", async () => {
    const child = spawn("npx", ["tsx", "--conditions=react-server", "tests/support/linux/watch-worker.ts", "1000"], {
      env: { ...process.env, WAYMARK_WATCH_TARGET: JSON.stringify(target), WAYMARK_WATCH_LINKS: JSON.stringify(links) },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("readAtMs") && resolve());
        child.on("exit", (code) => reject(new Error(`watch worker exited (${code}) before its first reading`)));
      });
      expect(await watchLoops()).toHaveLength(1);
    } finally {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    }
    await noLoopWithin(5_000);
  }, 60_000);
});

async function pollUntil(poll: () => Promise<DeviceReading>, done: (r: DeviceReading) => boolean, ms: number): Promise<DeviceReading> {
  const deadline = Date.now() + ms;
  for (;;) {
    const reading = await poll();
    if (done(reading)) return reading;
    if (Date.now() > deadline) throw new Error(`not seen within ${ms} ms`);
  }
}

async function pollUntilFailure(poll: () => Promise<DeviceReading>, ms: number): Promise<unknown> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await poll();
    } catch (error) {
      return error;
    }
  }
  throw new Error(`no failure within ${ms} ms`);
}
