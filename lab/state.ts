import { mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, closeSync, writeSync } from "node:fs";
import { join } from "node:path";
import { isPidAlive, sleep } from "./exec";

// Machine-wide bookkeeping shared by every lab process: which lab owns which resources and address block.
// /run is tmpfs, so it is wiped exactly when namespaces are (at reboot).
export const STATE_DIR = "/run/wmlab";
const LEASES = join(STATE_DIR, "leases");
const BLOCKS = join(STATE_DIR, "blocks");
const LOCKS = join(STATE_DIR, "locks");

/** Everything a lab created, written BEFORE each resource is made so a crash never leaves an unrecorded one. */
export type Lease = {
  tag: string;
  label: string;
  pid: number;
  /** Outlives its process (the CLI's lab); only an explicit `down` removes it. */
  keep: boolean;
  block: number | null;
  namespaces: string[];
  /** Root-namespace ends of veth pairs (deleting one end deletes the pair). */
  links: string[];
  tmpDirs: string[];
  createdAt: string;
};

function ensureDirs(): void {
  for (const dir of [STATE_DIR, LEASES, BLOCKS, LOCKS]) mkdirSync(dir, { recursive: true, mode: 0o755 });
}

export function writeLease(lease: Lease): void {
  ensureDirs();
  const path = join(LEASES, `${lease.tag}.json`);
  writeFileSync(`${path}.tmp`, JSON.stringify(lease, null, 2));
  renameSync(`${path}.tmp`, path);
}

export function removeLease(tag: string): void {
  rmSync(join(LEASES, `${tag}.json`), { force: true });
}

export function readLeases(): Lease[] {
  ensureDirs();
  const leases: Lease[] = [];
  for (const file of readdirSync(LEASES)) {
    if (!file.endsWith(".json")) continue;
    try {
      leases.push(JSON.parse(readFileSync(join(LEASES, file), "utf8")) as Lease);
    } catch {
      // Half-written by a crashed writer: the name-based sweep still finds its resources.
    }
  }
  return leases;
}

export function isLeaseLive(lease: Lease): boolean {
  return lease.keep || isPidAlive(lease.pid);
}

/** Claims a free third octet for 10.213.<block>.0/24 with an exclusive create. */
export function claimBlock(tag: string): number {
  ensureDirs();
  for (let block = 1; block <= 250; block++) {
    try {
      const fd = openSync(join(BLOCKS, String(block)), "wx");
      writeSync(fd, tag);
      closeSync(fd);
      return block;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  throw new Error("lab: no free 10.213.x.0/24 block (run the sweep or `gateway-lab down`)");
}

export function releaseBlock(block: number, tag: string): void {
  const path = join(BLOCKS, String(block));
  try {
    if (readFileSync(path, "utf8") === tag) rmSync(path, { force: true });
  } catch {
    // Already released.
  }
}

export function listBlocks(): { block: number; tag: string }[] {
  ensureDirs();
  return readdirSync(BLOCKS).flatMap((file) => {
    try {
      return [{ block: Number(file), tag: readFileSync(join(BLOCKS, file), "utf8") }];
    } catch {
      return [];
    }
  });
}

/** A cross-process mutex (mkdir is atomic); a lock held by a dead pid is broken. */
export async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  ensureDirs();
  const dir = join(LOCKS, name);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      breakIfStale(dir);
      if (Date.now() > deadline) throw new Error(`lab: lock ${name} held too long`);
      await sleep(20);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function breakIfStale(dir: string): void {
  try {
    const pid = Number(readFileSync(join(dir, "pid"), "utf8"));
    if (pid && !isPidAlive(pid)) rmSync(dir, { recursive: true, force: true });
  } catch {
    // The pid file is written just after mkdir, so only an old pid-less lock is a crashed one.
    try {
      if (Date.now() - statSync(dir).mtimeMs > 5_000) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Released meanwhile.
    }
  }
}
