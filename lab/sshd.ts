import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run, waitFor } from "./exec";
import type { LabNode } from "./lab";

export const SSHD = "/usr/sbin/sshd";

export type SshdOptions = {
  /** Private working directory for keys, config and logs. */
  dir: string;
  port?: number;
  allowUsers: string[];
  authorizedKeys: string;
  /** Let root log in with the lab's keys (never a password): a gateway under test is managed as root. */
  permitRootKeys?: boolean;
  /** Survive the starting process (the CLI's lab). */
  detached?: boolean;
};

export type Sshd = {
  readonly port: number;
  readonly pid: number;
  /** OpenSSH "SHA256:..." fingerprint of the current ed25519 host key, as ssh-keygen prints it. */
  readonly hostKeyFingerprint: string;
  /** Restarts sshd with a freshly generated host key and returns the new fingerprint. */
  rotateHostKey: () => Promise<string>;
  stop: () => Promise<void>;
};

/** Runs the real OpenSSH server in `node` with a single ed25519 host key, so clients can't pick another. */
export async function startSshd(node: LabNode, options: SshdOptions): Promise<Sshd> {
  const port = options.port ?? 22;
  // sshd refuses to start without its privilege-separation directory.
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const authorizedKeysFile = join(options.dir, "authorized_keys");
  writeFileSync(authorizedKeysFile, options.authorizedKeys, { mode: 0o644 });

  let generation = 0;
  let current = await launch(node, options, port, authorizedKeysFile, generation);

  return {
    port,
    get pid() {
      return current.child.pid ?? -1;
    },
    get hostKeyFingerprint() {
      return current.fingerprint;
    },
    rotateHostKey: async () => {
      await stopChild(current.child);
      current = await launch(node, options, port, authorizedKeysFile, ++generation);
      return current.fingerprint;
    },
    stop: () => stopChild(current.child),
  };
}

type Running = { child: ChildProcess; fingerprint: string };

async function launch(node: LabNode, options: SshdOptions, port: number, authorizedKeysFile: string, generation: number): Promise<Running> {
  const hostKey = join(options.dir, `ssh_host_ed25519_key.${generation}`);
  await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", `wmlab-host-${generation}`, "-f", hostKey]);
  const fingerprint = await fingerprintOf(`${hostKey}.pub`);
  const config = join(options.dir, `sshd_config.${generation}`);
  writeFileSync(
    config,
    sshdConfig({ port, hostKey, authorizedKeysFile, allowUsers: options.allowUsers, dir: options.dir, permitRootKeys: options.permitRootKeys ?? false }),
  );
  await run([SSHD, "-t", "-f", config]);

  const logFile = join(options.dir, `sshd.${generation}.log`);
  const child = node.spawn([SSHD, "-D", "-e", "-f", config], { logFile, detached: options.detached });
  await waitFor(
    () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sshd exited: ${readLog(logFile)}`);
      return readLog(logFile).includes("Server listening on");
    },
    10_000,
    "sshd to listen",
  );
  return { child, fingerprint };
}

export async function fingerprintOf(publicKeyFile: string): Promise<string> {
  const { stdout } = await run(["ssh-keygen", "-l", "-E", "sha256", "-f", publicKeyFile]);
  const fingerprint = stdout.split(" ")[1];
  if (!fingerprint?.startsWith("SHA256:")) throw new Error(`unexpected ssh-keygen output: ${stdout}`);
  return fingerprint;
}

function sshdConfig(c: { port: number; hostKey: string; authorizedKeysFile: string; allowUsers: string[]; dir: string; permitRootKeys: boolean }): string {
  return [
    `Port ${c.port}`,
    "ListenAddress 0.0.0.0",
    `HostKey ${c.hostKey}`,
    `PidFile ${join(c.dir, "sshd.pid")}`,
    `AuthorizedKeysFile ${c.authorizedKeysFile}`,
    // The key file lives in a private temp dir rather than the user's home.
    "StrictModes no",
    // Passwords are checked against /etc/shadow directly; the host's PAM stack stays out of the lab.
    "UsePAM no",
    "PasswordAuthentication yes",
    "KbdInteractiveAuthentication no",
    "PubkeyAuthentication yes",
    c.permitRootKeys ? "PermitRootLogin prohibit-password" : "PermitRootLogin no",
    `AllowUsers ${[...c.allowUsers, ...(c.permitRootKeys ? ["root"] : [])].join(" ")}`,
    "UseDNS no",
    "PrintMotd no",
    // Tests connect in bursts; don't let sshd's unauthenticated-connection throttle drop them.
    "MaxStartups 100:30:200",
    "LogLevel VERBOSE",
    "",
  ].join("\n");
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}

function readLog(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}
