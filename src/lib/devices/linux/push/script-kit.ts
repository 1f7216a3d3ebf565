import { StringDecoder } from "node:string_decoder";
import { asRoot, sudoSession } from "../privilege";
import type { ExecOptions, ExecResult, SshSession } from "../ssh-client";

// What every script the pusher runs on a gateway shares: the marker lines it reports through (one per line on
// standard output, `@@waymark:<kind> <words>`), its first line (refuse to go on unless root), and the gateway's
// monotonic clock in milliseconds (/proc/uptime: the wall clock may step, the dashboard's may be off).

export const MARK = "@@waymark:";
export const NOT_ROOT_EXIT = 90;

/** Spares a round trip per connection: a login that is not root finds out in the first script, not before it. */
export const ROOT_CHECK = `[ "$(id -u)" = 0 ] || { echo "${MARK}not-root"; exit ${NOT_ROOT_EXIT}; }`;

/** proc(5): /proc/uptime is seconds since boot with two decimals. */
export const UPTIME_MS_FN = `uptime_ms() { awk '{ printf "%d\\n", $1 * 1000 }' /proc/uptime; }`;

/** Fractional sleep where sleep(1) has it (coreutils, busybox), a whole second where it has not. */
export const NAP = "sleep 0.05 2>/dev/null || sleep 1";

export type Marker = { kind: string; words: string[]; rest: string };

export function parseMarker(line: string): Marker | null {
  if (!line.startsWith(MARK)) return null;
  const body = line.slice(MARK.length);
  const space = body.indexOf(" ");
  const kind = space < 0 ? body : body.slice(0, space);
  const rest = space < 0 ? "" : body.slice(space + 1);
  return { kind, words: rest.split(" ").filter(Boolean), rest };
}

export function markersOf(stdout: string): Marker[] {
  return stdout.split("\n").flatMap((line) => parseMarker(line) ?? []);
}

/** Whole lines from a stream of chunks, as they complete. */
export function lineReader(onLine: (line: string) => void): (chunk: Buffer) => void {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  return (chunk) => {
    pending += decoder.write(chunk);
    for (let at = pending.indexOf("\n"); at >= 0; at = pending.indexOf("\n")) {
      onLine(pending.slice(0, at));
      pending = pending.slice(at + 1);
    }
  };
}

const saysNotRoot = (result: ExecResult) => result.code === NOT_ROOT_EXIT && result.stdout.includes(`${MARK}not-root`);

/**
 * A connection to a gateway that runs scripts as root: as the login itself when it is root, otherwise through
 * `sudo -n`, found out by the first script that needs it (asRoot refuses a login that cannot).
 */
export type RootSession = {
  exec: (argv: readonly string[], options: ExecOptions) => Promise<ExecResult>;
  /** Whether commands go through sudo; null until the first script has run. */
  readonly sudo: boolean | null;
  close: () => void;
};

export function rootSession(ssh: SshSession, sudo: boolean | null = null): RootSession {
  let through: SshSession | null = sudo === null ? null : sudo ? sudoSession(ssh) : ssh;
  return {
    get sudo() {
      return through === null ? null : through !== ssh;
    },
    exec: async (argv, options) => {
      if (through) return through.exec(argv, options);
      const result = await ssh.exec(argv, options);
      if (!saysNotRoot(result)) {
        through = ssh;
        return result;
      }
      through = await asRoot(ssh);
      return through.exec(argv, options);
    },
    close: () => ssh.close(),
  };
}
