// Test support for the lab suites that push to the WAN lab gateway (readback.lab.test.ts and
// tests/integration/linux-push.test.ts); not used by the application.
//
// The lab's gateway is a network namespace only: every process in it sees the host's filesystem, so Waymark's
// files on "the gateway" (/run/waymark: push lock, monitor pid files and state; /etc/waymark; the installed
// monitor script) are shared by every lab on the machine. Two lab runs at once (another suite, a bench) then
// take each other's push lock, read each other's monitor state and kill each other's monitor supervisor.
//
// startPrivateSshd() gives one lab gateway a filesystem view of its own for exactly those directories: a second
// sshd in the gateway's namespace, started inside a private mount namespace with a tmpfs on each of them. Every
// command Waymark runs over it (and the monitor it starts, which stays in that mount namespace) uses the private
// copies; nothing else on the host changes. Same host key and users as the lab's own sshd.
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { WanLab } from "../../../../lab";

const SSHD = "/usr/sbin/sshd";
/** Waymark's directories on a gateway (layout.ts GATEWAY_PATHS, plus where the monitor script is installed). */
const PRIVATE_DIRS = ["/run/waymark", "/etc/waymark", "/usr/local/lib/waymark"] as const;

export type PrivateSshd = {
  host: string;
  port: number;
  /** The gateway's view of a file (or directory listing) in its private directories. */
  readPrivate: (file: string) => Promise<string>;
  stop: () => Promise<void>;
};

export async function startPrivateSshd(lab: WanLab, port = 2222): Promise<PrivateSshd> {
  const dir = lab.lab.tmpDir;
  // The lab's sshd wrote sshd_config.<generation>; generation 0 unless the host key was rotated.
  const config = path.join(dir, "sshd_config.0");
  if (!existsSync(config)) throw new Error(`private sshd: no ${config}`);
  const logFile = path.join(dir, `sshd-private-${port}.log`);
  const script = [
    "set -eu",
    ...PRIVATE_DIRS.map((d) => `mkdir -p ${d} && mount -t tmpfs -o mode=0755,size=64m waymark-lab ${d}`),
    `exec ${SSHD} -D -e -f "$0" -p "$1" -o PidFile=none`,
  ].join("\n");
  const child = lab.gateway.spawn(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, config, String(port)], { logFile });
  await waitFor(() => {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`private sshd exited: ${read(logFile)}`);
    return read(logFile).includes("Server listening on");
  }, 10_000);
  const pid = child.pid;
  if (pid === undefined) throw new Error("private sshd: no pid");
  return {
    host: lab.host,
    port,
    // The sshd's own mount namespace (it is the process the mounts were made for).
    readPrivate: async (file) => {
      const { stdout } = await lab.lab.root.exec(["nsenter", "-t", String(pid), "-m", "sh", "-c", 'if [ -d "$0" ]; then ls -1 "$0"; else cat "$0"; fi', file]);
      return stdout;
    },
    stop: () => stopChild(child),
  };
}

function read(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

async function waitFor(ready: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`private sshd: not listening after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}
