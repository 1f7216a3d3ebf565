// Test support for the monitor in the WAN labs: the plan installed straight into the lab gateway (no SSH
// pusher), what the kernel holds (pool map, live set, conntrack), and isp1 failing and coming back.
import { expect } from "vitest";
import { summarize, type ConnectionResult, type IspName, type WanLab } from "../../../lab";
import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";
import { has, hasDash, installPlan, labIntent, MonitorRig, processesUnder, until, type MonitorProcess } from "./monitor-rig";

export { installPlan, labIntent };

const labTools = ["ip", "nft", "ping", "conntrack", "socat"];
export const canRunLab = hasDash && process.getuid?.() === 0 && labTools.every(has);
if (!canRunLab) console.warn(`monitor lab tests skipped (they need root, dash, ${labTools.join(", ")})`);

const MASK = "0xff00";
const markOf = (index: number) => `0x${((index + 1) << 8).toString(16)}`;

type KernelRange = { from: number; to: number; mark: number };

/** The pool map as the kernel holds it. */
export async function kernelPool(lab: WanLab): Promise<KernelRange[]> {
  const { stdout } = await lab.gateway.exec(["nft", "-j", "list", "map", "inet", "waymark", "wan_pool"]);
  const map = (JSON.parse(stdout) as { nftables: { map?: { elem?: [unknown, number][] } }[] }).nftables.find((o) => o.map)!.map!;
  return (map.elem ?? [])
    .map(([key, mark]) => {
      const range = (key as { range?: [number, number] }).range;
      return range ? { from: range[0], to: range[1], mark } : { from: key as number, to: key as number, mark };
    })
    .sort((a, b) => a.from - b.from);
}

export async function kernelLinksUp(lab: WanLab): Promise<number[]> {
  const { stdout } = await lab.gateway.exec(["nft", "-j", "list", "set", "inet", "waymark", "links_up"]);
  const set = (JSON.parse(stdout) as { nftables: { set?: { elem?: number[] } }[] }).nftables.find((o) => o.set)!.set!;
  return [...(set.elem ?? [])].sort((a, b) => a - b);
}

/** TCP flows to the traffic server that the gateway's conntrack holds with link `index`'s mark. */
export async function tcpFlows(lab: WanLab, index: number): Promise<number> {
  const { stdout } = await lab.gateway.exec(["sh", "-c", `conntrack -L -p tcp --dport 8080 -m ${markOf(index)}/${MASK} 2>/dev/null | wc -l`]);
  return Number(stdout.trim());
}

export const expectedPool = (ranges: { from: number; to: number; index: number }[]) =>
  ranges.map((r) => ({ from: r.from, to: r.to, mark: (r.index + 1) << 8 }));

export function links(results: readonly ConnectionResult[]): Partial<Record<IspName | "unknown", number>> {
  return summarize(results).byLink;
}

type LinkExtras = Parameters<typeof labIntent>[1];

/** Compiles `labIntent(lab, extra)` for nftables, installs it in the lab gateway and starts its monitor. */
export async function startMonitor(lab: WanLab, extra: LinkExtras): Promise<{ plan: LinuxPlan; rig: MonitorRig; monitor: MonitorProcess }> {
  const plan = compileLinux(labIntent(lab, extra), { flavour: "nftables" });
  await installPlan(lab, plan);
  const rig = new MonitorRig(lab, plan);
  return { plan, rig, monitor: rig.start() };
}

/** Stops every rig's monitors (none may be left running), removes their directories, then the lab. */
export async function stopMonitorLab(lab: WanLab | undefined, rigs: readonly (MonitorRig | undefined)[]): Promise<void> {
  for (const r of rigs) {
    if (!r) continue;
    await r.stopAll();
    expect(processesUnder(r.dir)).toEqual([]);
    r.cleanup();
  }
  await lab?.stop();
}

/** isp1 goes dark at once (wan1 stays up); resolves with the detection time measured from before the drop. */
export async function failIsp1(lab: WanLab, rig: MonitorRig): Promise<{ detectionMs: number; poolMovedMs: number }> {
  const before = rig.link("isp1")!;
  expect(before.state).toBe("up");
  const t0 = Date.now();
  await lab.isp("isp1").dropAll();
  const down = await until(
    "isp1 down",
    5_000,
    () => {
      const l = rig.link("isp1");
      return l?.state === "down" ? l : null;
    },
    5,
  );
  await until(
    "the pool to move to isp2",
    3_000,
    async () => {
      const pool = await kernelPool(lab);
      return pool.length === 1 && pool[0]!.mark === 0x200;
    },
    5,
  );
  return { detectionMs: down.since - t0, poolMovedMs: Date.now() - t0 };
}

export async function restoreIsp1(lab: WanLab, rig: MonitorRig): Promise<{ recoveryMs: number }> {
  const t0 = Date.now();
  await lab.isp("isp1").restore();
  const up = await until(
    "isp1 up",
    5_000,
    () => {
      const l = rig.link("isp1");
      return l?.state === "up" ? l : null;
    },
    5,
  );
  await until("the pool to split again", 3_000, async () => (await kernelPool(lab)).length === 2, 5);
  return { recoveryMs: up.since - t0 };
}
