import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";

export type RunResult = { stdout: string; stderr: string };

export class CommandError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`${argv.join(" ")} exited with ${code}: ${stderr.trim()}`);
    this.name = "CommandError";
  }
}

/** Runs a program without a shell; rejects with CommandError on a non-zero exit. */
export function run(argv: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error("run: empty argv");
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      const code = typeof error.code === "number" ? error.code : null;
      reject(new CommandError(argv, code, stderr || error.message));
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Like run, but a failure is returned as null instead of thrown (for idempotent teardown steps). */
export async function tryRun(argv: readonly string[]): Promise<RunResult | null> {
  try {
    return await run(argv);
  } catch {
    return null;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True while the process exists and is not a zombie (orphans may wait a while for init to reap them). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** Polls until `check` returns true or the deadline passes. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
