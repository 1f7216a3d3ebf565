// The health daemon (assets/anycast-health.pl) run for real by perl against a real HTTP server on loopback. BIRD is
// the one stand-in: a `birdc` first in PATH that records what it was asked (the lab tests run the daemon with BIRD).
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const DAEMON = join(process.cwd(), "src/lib/devices/linux/assets/anycast-health.pl");
let dir: string;
let server: http.Server;
let status = 200;
let daemon: ChildProcess | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wm-health-"));
  writeFileSync(join(dir, "birdc"), `#!/bin/sh\necho "$*" >> ${join(dir, "birdc.log")}\n`);
  chmodSync(join(dir, "birdc"), 0o755);
  server = http.createServer((req, res) => {
    res.statusCode = req.url === "/healthz" ? status : 404;
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  daemon?.kill("SIGKILL");
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const state = () => (existsSync(join(dir, "state")) ? readFileSync(join(dir, "state"), "utf8") : "");
const calls = () => (existsSync(join(dir, "birdc.log")) ? readFileSync(join(dir, "birdc.log"), "utf8").trim().split("\n") : []);
async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms; state:\n${state()}\nbirdc: ${calls().join(" | ")}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("[anycast] health daemon", () => {
  it("announces while HTTP answers the expected status, withdraws after down_count failures, announces again after up_count", async () => {
    const port = (server.address() as AddressInfo).port;
    const config = join(dir, "health.conf");
    writeFileSync(
      config,
      [
        "site=t",
        "address=192.0.2.53",
        "check=http",
        `port=${port}`,
        "path=/healthz",
        "expect_status=200",
        "interval_ms=100",
        "timeout_ms=80",
        "down_count=3",
        "up_count=2",
        `birdc_socket=${join(dir, "bird.ctl")}`,
        "protocol=wm_t_svc",
        `state_file=${join(dir, "state")}`,
        `pid_file=${join(dir, "pid")}`,
        "",
      ].join("\n"),
    );
    daemon = spawn("perl", [DAEMON, config], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, stdio: "ignore" });
    await until(() => state().includes("verdict=passing"), 5_000);
    expect(calls()[0]).toBe(`-s ${join(dir, "bird.ctl")} enable wm_t_svc`);
    expect(state()).toMatch(new RegExp(`detail=HTTP 200 from 127\\.0\\.0\\.1:${port}/healthz`));

    status = 503;
    const failedAt = Date.now();
    await until(() => state().includes("verdict=failing"), 5_000);
    // Three failures 100 ms apart: not before the third check.
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(150);
    expect(calls().at(-1)).toBe(`-s ${join(dir, "bird.ctl")} disable wm_t_svc`);
    expect(state()).toContain("detail=HTTP 503");

    status = 200;
    await until(() => state().includes("verdict=passing"), 5_000);
    expect(calls().at(-1)).toContain("enable wm_t_svc");

    daemon.kill("SIGTERM");
    await until(() => !existsSync(join(dir, "pid")), 5_000);
  }, 20_000);

  it("refuses a configuration outside its grammar before running anything", async () => {
    const config = join(dir, "bad.conf");
    writeFileSync(config, "check=tcp\nport=80\nprotocol=x; reboot\n");
    const child = spawn("perl", [DAEMON, config], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/outside its grammar/);
  });
});
