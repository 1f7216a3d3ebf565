// /proc bookkeeping for the monitor's tests and benchmarks: its process tree, what the tree costs in CPU, and
// whether a stopped monitor left anything behind.
import { readdirSync, readFileSync } from "node:fs";
import { isPidAlive } from "../../../lab/exec";

/** Every process whose parent chain leads to `pid` (read from /proc). */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, ppid] of parent) {
      if (ppid === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

export type CpuSample = { comm: string; own: number; reaped: number };

/** CPU of one process in clock ticks (/proc/<pid>/stat): its own (utime + stime) and its reaped children's (cutime + cstime). */
export function cpuTicks(pid: number): CpuSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

/** `root` and every descendant, each with its CpuSample. Over an interval, the change of the sum is what the tree
 * used: a process reaped meanwhile moves into its parent's `reaped`, counted once. */
export function treeCpu(root: number): Map<number, CpuSample> {
  const out = new Map<number, CpuSample>();
  for (const pid of [root, ...descendants(root)]) {
    const s = cpuTicks(pid);
    if (s) out.set(pid, s);
  }
  return out;
}

export const totalTicks = (tree: Map<number, CpuSample>) => [...tree.values()].reduce((sum, s) => sum + s.own + s.reaped, 0);

/** Processes (ours) whose command line mentions `dir`: what must be gone once a monitor has stopped. */
export function processesUnder(dir: string): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid)
    .filter((e) => {
      try {
        return readFileSync(`/proc/${e}/cmdline`, "utf8").includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter((pid) => isPidAlive(pid));
}

/** A process's command line, arguments joined by NUL ("" once it is gone). */
export function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

/** The parent of a process (null once it is gone). */
export function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}
