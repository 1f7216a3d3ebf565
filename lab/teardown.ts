import { rmSync } from "node:fs";
import { isPidAlive, run, sleep, tryRun, waitFor } from "./exec";
import { ownerPidOf, ownerPidOfTag } from "./names";
import { isLeaseLive, listBlocks, readLeases, releaseBlock, removeLease, withLock, type Lease } from "./state";

/** Removes everything a lease records. Idempotent: missing resources are skipped. */
export async function teardownLease(lease: Lease): Promise<void> {
  for (const ns of lease.namespaces) await killNamespaceProcesses(ns);
  for (const link of lease.links) await tryRun(["ip", "link", "del", link]);
  for (const ns of lease.namespaces) await tryRun(["ip", "netns", "del", ns]);
  for (const dir of lease.tmpDirs) rmSync(dir, { recursive: true, force: true });
  if (lease.block !== null) releaseBlock(lease.block, lease.tag);
  removeLease(lease.tag);
}

/** A namespace outlives `ip netns del` while processes run in it, so they go first. */
export async function killNamespaceProcesses(ns: string): Promise<void> {
  const pids = await namespacePids(ns);
  if (pids.length === 0) return;
  for (const pid of pids) signal(pid, "SIGTERM");
  try {
    await waitFor(() => pids.every((pid) => !isPidAlive(pid)), 2_000, `processes in ${ns} to exit`);
  } catch {
    for (const pid of pids) signal(pid, "SIGKILL");
    await sleep(50);
  }
}

export async function namespacePids(ns: string): Promise<number[]> {
  const result = await tryRun(["ip", "netns", "pids", ns]);
  if (!result) return [];
  return result.stdout
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

export async function listNamespaces(): Promise<string[]> {
  const { stdout } = await run(["ip", "netns", "list"]);
  return stdout
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "")
    .filter(Boolean);
}

export async function listRootLinks(): Promise<string[]> {
  const { stdout } = await run(["ip", "-o", "link", "show"]);
  return stdout
    .split("\n")
    .map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1] ?? "")
    .filter(Boolean);
}

/**
 * Cleans up after crashed runs: leases whose process died (unless kept), then any resource whose
 * name says it belongs to a dead pid. Resources of live or kept labs are never touched.
 */
export async function sweepLeftovers(): Promise<string[]> {
  return withLock("sweep", async () => {
    const swept: string[] = [];
    const leases = readLeases();
    for (const lease of leases.filter((l) => !isLeaseLive(l))) {
      await teardownLease(lease);
      swept.push(lease.tag);
    }
    const protectedNames = new Set(leases.filter(isLeaseLive).flatMap((l) => [...l.namespaces, ...l.links]));
    const orphaned = (name: string) => {
      const pid = ownerPidOf(name);
      return pid !== null && !isPidAlive(pid) && !protectedNames.has(name);
    };
    for (const ns of (await listNamespaces()).filter(orphaned)) {
      await killNamespaceProcesses(ns);
      await tryRun(["ip", "netns", "del", ns]);
      swept.push(ns);
    }
    for (const link of (await listRootLinks()).filter(orphaned)) {
      await tryRun(["ip", "link", "del", link]);
      swept.push(link);
    }
    const leaseTags = new Set(readLeases().map((l) => l.tag));
    for (const { block, tag } of listBlocks()) {
      const pid = ownerPidOfTag(tag);
      if (!leaseTags.has(tag) && (pid === null || !isPidAlive(pid))) releaseBlock(block, tag);
    }
    return swept;
  });
}
