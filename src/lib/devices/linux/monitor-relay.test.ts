import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileLinux } from "@/lib/domain/compile/linux";
import { ZIntent } from "@/lib/domain/intent";
import { parseMonitorState, type MonitorState } from "./monitor-state";
import { hasDash, SCRIPT, until } from "@tests/support/linux/monitor-rig";

// How monitor.sh reads its pingers' output, without root or a lab: a fake `ping` first on PATH prints what iputils
// ping prints (-D timestamps taken when printed, so the monitor's clocks agree) from a script per target, and a
// fake `nft` accepts every state update. Lines are paced 150 ms apart so that the two targets' results pair up
// as the real pingers' do (a target QUEUE_MAX results ahead would force rounds).

const FAKE_PING = `#!/bin/sh
case "$1" in -V) echo "ping from iputils 20221126"; exit 0 ;; esac
for target; do :; done
echo "PING $target ($target) 56(84) bytes of data."
while read -r kind seq rtt; do
  sleep 0.15
  ts=$(date +%s.%6N)
  case $kind in
    ok) echo "[$ts] 64 bytes from $target: icmp_seq=$seq ttl=63 time=$rtt ms" ;;
    dup) echo "[$ts] 64 bytes from $target: icmp_seq=$seq ttl=63 time=$rtt ms (DUP!)" ;;
    lost) echo "[$ts] no answer yet for icmp_seq=$seq" ;;
    err) echo "[$ts] From 198.51.100.1 icmp_seq=$seq Destination Net Unreachable" ;;
    stderr) echo "ping: sendmsg: Network is unreachable" >&2 ;;
  esac
done <"$FAKE_PING_DIR/$target"
exec sleep 600
`;

const TARGETS = ["192.0.2.10", "192.0.2.11"] as const;

describe.skipIf(!hasDash)("[monitor] monitor.sh reading its pingers (fake ping on PATH)", () => {
  let dir = "";
  let monitor: ChildProcess | null = null;
  let log = "";

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "wm-monitor-relay-"));
    mkdirSync(path.join(dir, "bin"));
    mkdirSync(path.join(dir, "run"));
    writeFileSync(path.join(dir, "bin", "ping"), FAKE_PING);
    writeFileSync(path.join(dir, "bin", "nft"), "#!/bin/sh\ncat >/dev/null\n");
    chmodSync(path.join(dir, "bin", "ping"), 0o755);
    chmodSync(path.join(dir, "bin", "nft"), 0o755);
    const plan = compileLinux(
      ZIntent.parse({
        links: [{ name: "l0", interface: "wan1", gateway: "10.0.0.1", probe: { targets: [...TARGETS] } }],
        outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
      }),
      { flavour: "nftables" },
    );
    writeFileSync(path.join(dir, "monitor.conf"), plan.monitor.config);
  });

  afterEach(async () => {
    if (monitor && monitor.exitCode === null) {
      const exited = new Promise((resolve) => monitor!.once("exit", resolve));
      monitor.kill("SIGTERM");
      await exited;
    }
    monitor = null;
    rmSync(dir, { recursive: true, force: true });
  });

  function start(scripts: Record<(typeof TARGETS)[number], string[]>): void {
    for (const t of TARGETS) writeFileSync(path.join(dir, t), `${scripts[t].join("\n")}\n`);
    log = "";
    monitor = spawn("dash", [SCRIPT, path.join(dir, "monitor.conf")], {
      env: {
        ...process.env,
        PATH: `${path.join(dir, "bin")}:${process.env.PATH}`,
        FAKE_PING_DIR: dir,
        WAYMARK_RUN_DIR: path.join(dir, "run"),
        WAYMARK_STATE_FILE: path.join(dir, "run", "monitor.state"),
        WAYMARK_MONITOR_LOG: "stderr",
        WAYMARK_CONNTRACK: "/nonexistent/conntrack",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    monitor.stderr!.on("data", (d) => (log += String(d)));
  }

  const state = (): MonitorState | null => {
    try {
      return parseMonitorState(readFileSync(path.join(dir, "run", "monitor.state"), "utf8"));
    } catch {
      return null;
    }
  };

  it("reports each probe once: duplicates, ICMP errors, stderr and the preload's first probe ignored; late or skipped ones lost", async () => {
    start({
      // Results of probes 2..7: ok, ok (and a duplicate), lost (an ICMP error, then "no answer yet"), late (300 ms
      // > 250 ms timeout: lost), 6 never reported (lost, counted when 7 arrives), ok.
      "192.0.2.10": ["lost 1", "ok 1 0.050", "ok 2 0.100", "ok 3 0.200", "dup 3 0.300", "err 4", "lost 4", "ok 5 300", "ok 7 0.400"],
      "192.0.2.11": ["lost 1", "ok 1 0.050", "ok 2 1.10", "stderr", "ok 3 12.3", "ok 4 0.100", "ok 5 0.100", "ok 6 0.100", "ok 7 0.600"],
    });
    // Six rounds, all passing (one answer needed); 3 of 12 probes lost; the last round averages 0.400 and 0.600.
    const s = await until(
      "six rounds",
      10_000,
      () => {
        const x = state();
        return x && x.links[0]!.consecutivePasses === 6 ? x : null;
      },
      20,
    );
    expect(s.links[0]).toMatchObject({ state: "up", consecutiveFailures: 0, lossPercent: 25, rttMs: 0.5 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(state()!.links[0]!.consecutivePasses).toBe(6);
  }, 20_000);

  it("takes a clean link down after DOWN_COUNT-1 failed rounds, and says so", async () => {
    start({
      "192.0.2.10": ["lost 1", "ok 1 0.050", "ok 2 0.100", "lost 3", "lost 4"],
      "192.0.2.11": ["lost 1", "ok 1 0.050", "ok 2 0.100", "err 3", "lost 3", "lost 4"],
    });
    const s = await until(
      "l0 down",
      10_000,
      () => {
        const x = state();
        return x && x.links[0]!.state === "down" ? x : null;
      },
      20,
    );
    expect(s.links[0]).toMatchObject({ consecutiveFailures: 2, consecutivePasses: 0, rttMs: null });
    expect(s.pool).toEqual([]);
    expect(log).toMatch(/link l0 is DOWN: 2 failed rounds in a row after a clean record \(0\/2 answered, 1 needed\)/);
  }, 20_000);
});
