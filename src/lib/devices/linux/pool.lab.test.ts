// Server pools on a real Linux gateway (nftables dnat through maps, the monitor's backend checks, conntrack) in
// the pool lab (lab/pool.ts): plans compiled from intents and pushed through the Linux driver's push (the same
// push, gate and rollback path as the dashboard's), real HTTP traffic from a client behind isp1.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { POOL_LAB, startPoolLab, type PoolLab } from "../../../../lab/pool";
import { namespacePids } from "../../../../lab/teardown";
import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import type { DeviceReading } from "@/lib/domain/device/reading";
import type { LinuxTarget } from "@/lib/devices/driver";
import { rootTargetOf } from "@tests/support/linux/lab-target";
import { toDeviceReading } from "./adapter/reading";
import { linuxGateway } from "./gateway";

let lab: PoolLab;
let target: LinuxTarget;
let sequence = 0;
/** The table hash the last confirmed push recorded: readings compare with it (drift). */
let appliedHash: string | null = null;

beforeAll(async () => {
  lab = await startPoolLab({ label: "pool-test" });
  target = rootTargetOf(lab.wan, lab.sshd);
}, 90_000);

afterAll(async () => {
  await lab?.stop();
});

type BackendInput = { name: string; weight?: number; state?: "active" | "drain" | "disabled" };
const PROBE = { type: "http" as const, path: "/healthz", intervalMs: 300, timeoutMs: 200, downCount: 2, upCount: 2 };

function plan(backends: BackendInput[]): LinuxPlan {
  const input: IntentInput = {
    links: [
      { name: "isp1", interface: "wan1", gateway: "198.51.100.1", probe: { targets: [...lab.wan.probeTargets] } },
      { name: "isp2", interface: "wan2", gateway: "203.0.113.1", probe: { targets: [...lab.wan.probeTargets] } },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: [lab.wan.lanSubnet] },
    inbound: {
      pools: [
        {
          name: "web",
          listen: { interface: POOL_LAB.vipInterface, address: POOL_LAB.vip, protocol: "tcp", port: POOL_LAB.vipPort },
          probe: PROBE,
          backends: backends.map((b) => {
            const at = lab.backends.find((x) => x.name === b.name)!;
            return { name: b.name, address: at.address, port: at.port, weight: b.weight ?? 1, state: b.state ?? "active" };
          }),
        },
      ],
    },
  };
  return compileLinux(ZIntent.parse(input), { flavour: "nftables" });
}

async function push(p: LinuxPlan): Promise<number> {
  const outcome = await linuxGateway(target).push(p, {
    pushId: `pool${process.pid}-${++sequence}`,
    planHash: createHash("sha256").update(JSON.stringify(p)).digest("hex"),
    lastAppliedTableHash: null,
    confirmWindowSec: 20,
    gateTimeoutMs: 10_000,
    onProgress: () => {},
  });
  expect(outcome).toMatchObject({ outcome: "confirmed" });
  if (outcome.outcome === "confirmed") appliedHash = outcome.appliedHash;
  return Date.now();
}

async function read(p: LinuxPlan): Promise<DeviceReading> {
  const state = await linuxGateway(target).readState(p.monitor.links.map((l) => ({ name: l.name, mark: l.mark })));
  return toDeviceReading(state, p, appliedHash);
}

/** The gateway's pool-checks.sh coordinators: pool-checks.sh processes whose parent is not one (checkers, their probes). */
async function checkCoordinators(): Promise<number> {
  const pids = await namespacePids(lab.wan.gateway.namespace ?? "");
  const read = (pid: number, what: string) => {
    try {
      return readFileSync(`/proc/${pid}/${what}`, "utf8");
    } catch {
      return "";
    }
  };
  const checks = new Set(pids.filter((pid) => read(pid, "cmdline").includes("pool-checks.sh")));
  // /proc/<pid>/stat: "pid (comm) state ppid …"
  return [...checks].filter((pid) => !checks.has(Number(read(pid, "stat").split(") ")[1]?.split(" ")[1]))).length;
}

const backend = (reading: DeviceReading, name: string) => reading.backends.find((b) => b.name === name)!;

async function until(p: LinuxPlan, check: (r: DeviceReading) => boolean, timeoutMs: number): Promise<DeviceReading> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const reading = await read(p);
    if (check(reading)) return reading;
    if (Date.now() > end) throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(reading.backends)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("[lab] server pools on a Linux gateway", () => {
  const weighted = () => plan([{ name: "b1" }, { name: "b2", weight: 2 }, { name: "b3" }]);

  it("spreads 1,000 connections 1:2:1 by weight within 4 points, and reads each backend's counters back", async () => {
    const p = weighted();
    await push(p);
    await until(p, (r) => r.backends.every((b) => b.probe === "up"), 10_000);
    const { names, failed } = await lab.count(1000);
    expect(failed).toBe(0);
    const share = (name: string) => ((names[name] ?? 0) / 1000) * 100;
    console.log(`pool split b1 ${share("b1")} %, b2 ${share("b2")} %, b3 ${share("b3")} %`);
    expect(Math.abs(share("b1") - 25)).toBeLessThanOrEqual(4);
    expect(Math.abs(share("b2") - 50)).toBeLessThanOrEqual(4);
    expect(Math.abs(share("b3") - 25)).toBeLessThanOrEqual(4);
    const reading = await read(p);
    for (const name of ["b1", "b2", "b3"]) {
      const b = backend(reading, name);
      expect(b).toMatchObject({ pool: "web", state: "up", probe: "up", port: POOL_LAB.backendPort });
      expect(Number(b.newConnections)).toBe(names[name]);
      expect(Number(b.traffic?.packets)).toBeGreaterThan(Number(b.newConnections) * 3);
    }
    const words = reading.rules.filter((r) => r.ownedByWaymark && (r.chain === "inbound" || r.what.includes("pool backend")));
    console.log(words.map((r) => `${r.chain} #${r.number}: ${r.what} | ${r.match} | ${r.action} | ${r.packets}`).join("\n"));
    expect(words.find((r) => r.what === "pool web")).toMatchObject({ chain: "inbound", packets: "1000" });
    expect(words.find((r) => r.what === "pool web")?.action).toBe("forward to a backend: numgen inc mod 100 in map pool_web");
    expect(words.find((r) => r.what === "new connections per pool backend")).toMatchObject({ chain: "forward" });
    expect(reading.drift.drifted).toBe(false);
  }, 90_000);

  it("streams the same backends through a watch as a one-off read", async () => {
    const p = weighted();
    const watch = linuxGateway(target).watch(
      p.monitor.links.map((l) => ({ name: l.name, mark: l.mark })),
      500,
    );
    try {
      const streamed = toDeviceReading(await watch.poll(), p, null);
      const once = await read(p);
      const pick = (r: DeviceReading) => r.backends.map((b) => ({ name: b.name, state: b.state, newConnections: b.newConnections, open: b.openConnections }));
      expect(pick(streamed)).toEqual(pick(once));
      expect(streamed.backends).toHaveLength(3);
    } finally {
      await watch.close();
    }
  }, 60_000);

  it("takes a killed backend out after its checks fail, gives its share to the others, and takes it back", async () => {
    const p = weighted();
    await lab.killBackend("b3");
    const killedAt = Date.now();
    const down = await until(p, (r) => backend(r, "b3").state === "down", 10_000);
    console.log(`b3 reported down ${Date.now() - killedAt} ms after its server was killed`);
    expect(down.backends.filter((b) => b.name !== "b3").every((b) => b.state === "up")).toBe(true);
    // The checks rewrote the pool's map: that is the policy working, not drift.
    expect(down.drift.drifted).toBe(false);
    const during = await lab.count(400);
    expect(during.failed).toBe(0);
    expect(during.names.b3 ?? 0).toBe(0);
    expect((during.names.b1 ?? 0) + (during.names.b2 ?? 0)).toBe(400);
    // b3's buckets spread over both survivors; theirs did not move.
    expect(during.names.b1 ?? 0).toBeGreaterThan(100);
    expect(during.names.b2 ?? 0).toBeGreaterThan(200);

    await lab.startBackend("b3");
    await until(p, (r) => backend(r, "b3").state === "up", 10_000);
    const after = await lab.count(400);
    expect(after.failed).toBe(0);
    expect(Math.abs((after.names.b3 ?? 0) - 100)).toBeLessThanOrEqual(16);
  }, 90_000);

  it("refuses new connections at once (a TCP reset, not a hang) while no backend is up", async () => {
    const p = weighted();
    for (const name of ["b1", "b2", "b3"]) await lab.killBackend(name);
    try {
      await until(p, (r) => r.backends.every((b) => b.state === "down"), 10_000);
      const refused = await lab.count(20);
      expect(refused.failed).toBe(20);
      // The client gives up on a hanging connection after 3 s; a reset ends each one at once.
      expect(refused.ms).toBeLessThan(2_000);
      const reading = await read(p);
      expect(reading.rules.find((r) => r.what === "pool web: no backend up")).toMatchObject({ chain: "inbound_refuse" });
      expect(Number(reading.rules.find((r) => r.what === "pool web: no backend up")?.packets)).toBeGreaterThanOrEqual(20);
    } finally {
      for (const name of ["b1", "b2", "b3"]) await lab.startBackend(name);
    }
    await until(p, (r) => r.backends.every((b) => b.state === "up"), 10_000);
  }, 60_000);

  it("drain keeps an established connection exchanging data and sends it no new ones", async () => {
    const held = await lab.hold();
    const on = held.answers().find((a) => a.name !== undefined)!.name!;
    const others = ["b1", "b2", "b3"].filter((n) => n !== on);
    const p = plan(["b1", "b2", "b3"].map((name) => ({ name, weight: name === "b2" ? 2 : 1, state: name === on ? "drain" : "active" })));
    const pushedAt = await push(p);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const later = held.answers().filter((a) => a.t > pushedAt);
    expect(later.filter((a) => a.name === on).length).toBeGreaterThanOrEqual(3);
    expect(later.some((a) => a.event !== undefined)).toBe(false);
    const fresh = await lab.count(200);
    expect(fresh.failed).toBe(0);
    expect(fresh.names[on] ?? 0).toBe(0);
    expect(others.reduce((sum, n) => sum + (fresh.names[n] ?? 0), 0)).toBe(200);
    const reading = await until(p, (r) => backend(r, on).probe === "up", 10_000);
    expect(backend(reading, on)).toMatchObject({ state: "drain" });
    expect(backend(reading, on).openConnections).toBeGreaterThanOrEqual(1);
    await held.close();
  }, 90_000);

  it("disable cuts the backend's connections at the push", async () => {
    await push(weighted());
    const held = await lab.hold();
    const on = held.answers().find((a) => a.name !== undefined)!.name!;
    const p = plan(["b1", "b2", "b3"].map((name) => ({ name, state: name === on ? "disabled" : "active" })));
    const pushedAt = await push(p);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const later = held.answers().filter((a) => a.t > pushedAt + 500);
    expect(later.some((a) => a.name === on)).toBe(false);
    expect(held.answers().some((a) => a.event === "error" || a.event === "closed")).toBe(true);
    const fresh = await lab.count(100);
    expect(fresh.names[on] ?? 0).toBe(0);
    // Every push restarted the monitor: only the last one's checks run.
    expect(await checkCoordinators()).toBe(1);
    const reading = await read(p);
    expect(backend(reading, on)).toMatchObject({ state: "disabled", openConnections: 0 });
    await held.close();
  }, 90_000);
});
