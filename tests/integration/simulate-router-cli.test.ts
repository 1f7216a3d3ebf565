// scripts/simulate-router.ts as an operator runs it: --help prints the usage, a mistake prints what is wrong and
// the usage (status 2), never a stack trace; with a password it listens on 127.0.0.1 and stops on SIGTERM.
import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const ARGS = ["--conditions=react-server", "scripts/simulate-router.ts"];

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [...ARGS, ...args], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const STACK_FRAME = /^\s+at /m;

describe("scripts/simulate-router.ts", () => {
  it.each(["--help", "-h"])("%s prints the usage and exits 0", async (flag) => {
    const { code, stdout, stderr } = await run(flag);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npx tsx --conditions=react-server scripts\/simulate-router\.ts --password <password>/);
    expect(stdout).toContain("--site <name>        edge | branch");
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [["--site", "nowhere", "--password", "x"], /--site must be one of edge, branch/],
    [["--site", "constructor", "--password", "x"], /--site must be one of edge, branch/],
    [[], /--password is required/],
    [["--password", "x", "--port", "70000"], /--port 70000 is not a TCP port/],
  ])("%j says what is wrong, shows the usage and exits 2", async (args, message) => {
    const { code, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain("Usage: ");
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it("with a password it listens on 127.0.0.1, prints where, and stops on SIGTERM", async () => {
    const child = spawn(TSX, [...ARGS, "--password", "cli-test-password"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await listensThenStops(child, exited);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

async function listensThenStops(child: ReturnType<typeof spawn>, exited: Promise<number | null>): Promise<void> {
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code} before listening`)));
  });
  expect(JSON.parse(line)).toMatchObject({ host: "127.0.0.1", port: expect.any(Number), identity: expect.any(String) });
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
}
