// A second sshd on a lab gateway with a filesystem view of its own for Waymark's gateway directories.
//
// The lab's gateway is a network namespace only: every process in it sees the host's filesystem, so Waymark's
// files on "the gateway" (/run/waymark: push lock, monitor pid files and state; /etc/waymark; the installed
// monitor script) would be shared by every lab on the machine, and two labs at once would take each other's push
// lock and kill each other's monitor. This sshd runs in the gateway's namespace inside a private mount namespace
// with a tmpfs on each of those directories: every command Waymark runs over it (and the monitor it starts, which
// stays in that mount namespace) uses private copies. Same host key and users as the lab's own sshd.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { waitFor } from "./exec";
import { stopChild } from "./sshd";
import type { WanLab } from "./wan-lab";

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

export type PrivateSshdOptions = {
  port?: number;
  /** Outlive the starting process (the CLI's kept lab); the lab's teardown kills it with the namespace. */
  detached?: boolean;
};

export async function startPrivateSshd(lab: WanLab, options: PrivateSshdOptions = {}): Promise<PrivateSshd> {
  const port = options.port ?? 2222;
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
  const child = lab.gateway.spawn(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, config, String(port)], {
    logFile,
    detached: options.detached,
  });
  await waitFor(
    () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`private sshd exited: ${read(logFile)}`);
      return read(logFile).includes("Server listening on");
    },
    10_000,
    "the private sshd to listen",
  );
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
