import "server-only";
import ssh2 from "ssh2";
import type { ClientChannel, ConnectConfig } from "ssh2";
import type { LinuxTarget } from "@/lib/devices/driver";
import { describeHostKey, type HostKey } from "./host-key";
import { shellJoin } from "./shell";
import { AuthFailedError, classifyConnectError, HostKeyMismatchError, SshProtocolError, SshTimeoutError, UnreachableError, type SshError } from "./ssh-errors";

export type SshConnectOptions = {
  host: string;
  port: number;
  username: string;
  auth: LinuxTarget["auth"];
  /** "SHA256:..." to insist on; null accepts any key and reports it (trust on first use). */
  pinnedHostKey: string | null;
  /** Budget for TCP connect + key exchange + authentication. */
  timeoutMs: number;
};

export type ExecResult = { stdout: string; stderr: string; code: number | null; signal: string | null };

export type ExecOptions = {
  /** Whole-command budget; Infinity for a command that streams until it is stopped (`signal`). */
  timeoutMs: number;
  maxOutputBytes?: number;
  /** Sent to the command's standard input, which is then closed (files are uploaded this way, never quoted). */
  stdin?: string | Buffer;
  /** Sees standard output as it arrives (a long script's progress lines); the result still carries all of it. */
  onStdout?: (chunk: Buffer) => void;
  /** Standard output goes to `onStdout` only and is not kept (nor limited): a command that streams for hours. */
  streaming?: boolean;
  /** Stops the command (KILL, channel closed); the exec then resolves with what it had. */
  signal?: AbortSignal;
};

export type SshSession = {
  readonly hostKey: HostKey;
  /** Runs a fixed argv; every word is POSIX-quoted, so nothing is ever interpreted by the remote shell. */
  exec: (argv: readonly string[], options: ExecOptions) => Promise<ExecResult>;
  close: () => void;
};

const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;

/** Rejects only with SshError subclasses. Credentials never appear in messages. */
export function connectSsh(options: SshConnectOptions): Promise<SshSession> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let presented: HostKey | null = null;
    let mismatch: HostKeyMismatchError | null = null;
    let settled = false;

    const fail = (error: SshError) => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      client.end();
      client.destroy();
      reject(error);
    };
    // ssh2's readyTimeout covers the handshake; this also covers anything it might not.
    const guard = setTimeout(() => fail(new SshTimeoutError(`No SSH session within ${options.timeoutMs} ms`)), options.timeoutMs + 250);

    const config: ConnectConfig = {
      host: options.host,
      port: options.port,
      username: options.username,
      readyTimeout: options.timeoutMs,
      keepaliveInterval: 0,
      hostVerifier: (blob: Buffer) => {
        presented = describeHostKey(blob);
        if (options.pinnedHostKey !== null && presented.fingerprint !== options.pinnedHostKey.trim()) {
          mismatch = new HostKeyMismatchError(presented, options.pinnedHostKey);
          return false;
        }
        return true;
      },
      ...credentials(options.auth),
    };

    client
      .on("ready", () => {
        if (settled) return;
        settled = true;
        clearTimeout(guard);
        // hostVerifier always runs before "ready"; the fallback only satisfies the type checker.
        resolve(session(client, presented ?? { algorithm: "unknown", fingerprint: "unknown" }));
      })
      .on("error", (error) => fail(mismatch ?? classifyConnectError(error, options.timeoutMs)))
      .on("close", () => fail(mismatch ?? new SshProtocolError("The server closed the connection before the SSH session was ready")))
      .on("keyboard-interactive", (_name, _instructions, _lang, prompts, finish) => {
        // Servers that route passwords through PAM ask via keyboard-interactive; answer hidden prompts only.
        const password = options.auth.method === "password" ? options.auth.password : "";
        finish(prompts.map((prompt) => (prompt.echo ? "" : password)));
      });

    try {
      client.connect(config);
    } catch (error) {
      // ssh2 throws synchronously when the private key can't be parsed or decrypted.
      fail(new AuthFailedError(keyErrorMessage(error), { cause: error }));
    }
  });
}

function credentials(auth: LinuxTarget["auth"]): Partial<ConnectConfig> {
  if (auth.method === "password") return { password: auth.password, tryKeyboard: true };
  return { privateKey: auth.privateKey, ...(auth.passphrase ? { passphrase: auth.passphrase } : {}) };
}

function keyErrorMessage(error: unknown): string {
  const detail = error instanceof Error ? error.message : "";
  if (/passphrase/i.test(detail)) return "The private key could not be decrypted: wrong or missing passphrase";
  return "The private key could not be read (unsupported or malformed key)";
}

function session(client: ssh2.Client, hostKey: HostKey): SshSession {
  let closed = false;
  return {
    hostKey,
    exec: (argv, options) => execOn(client, shellJoin(argv), options),
    close: () => {
      if (closed) return;
      closed = true;
      client.end();
    },
  };
}

function execOn(client: ssh2.Client, command: string, options: ExecOptions): Promise<ExecResult> {
  const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    let channel: ClientChannel | null = null;
    const timer = Number.isFinite(options.timeoutMs)
      ? setTimeout(() => {
          stop(channel);
          reject(new SshTimeoutError(`Command did not finish within ${options.timeoutMs} ms`));
        }, options.timeoutMs)
      : undefined;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        clearTimeout(timer);
        stop(channel);
        reject(new SshProtocolError(`Command output exceeded ${limit} bytes`));
        return;
      }
      into.push(chunk);
    };
    const onAbort = () => stop(channel);
    if (options.signal?.aborted) {
      reject(new SshProtocolError("The command was stopped before it started"));
      return;
    }
    options.signal?.addEventListener("abort", onAbort, { once: true });

    // ssh2 throws (not calls back) "Not connected" on a connection that has dropped: a kept session (a watch) whose
    // device went away must fail as unreachable, to be reopened by the next poll, not as an unexpected error.
    const exec = (run: () => void) => {
      try {
        run();
      } catch (error) {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        reject(new UnreachableError(`The connection to the device was lost (${error instanceof Error ? error.message : String(error)})`, { cause: error }));
      }
    };
    exec(() =>
      client.exec(command, (error, stream) => {
        if (error) {
          clearTimeout(timer);
          options.signal?.removeEventListener("abort", onAbort);
          reject(new SshProtocolError(`The server refused to run a command: ${error.message}`, { cause: error }));
          return;
        }
        channel = stream;
        if (options.signal?.aborted) stop(stream);
        if (options.stdin !== undefined) stream.end(options.stdin);
        const keep = options.streaming ? () => {} : collect(stdout);
        stream.on("data", (chunk: Buffer) => {
          keep(chunk);
          options.onStdout?.(chunk);
        });
        stream.stderr.on("data", collect(stderr));
        stream.on("close", (code: number | null | undefined, signal: string | null | undefined) => {
          clearTimeout(timer);
          options.signal?.removeEventListener("abort", onAbort);
          resolve({
            stdout: Buffer.concat(stdout).toString("utf8"),
            stderr: Buffer.concat(stderr).toString("utf8"),
            code: typeof code === "number" ? code : null,
            signal: signal ?? null,
          });
        });
      }),
    );
  });
}

// Closing the channel alone leaves the remote command running until it next writes; OpenSSH honours
// signal requests (RFC 4254 §6.9), so ask for it to be killed first.
function stop(channel: ClientChannel | null): void {
  if (!channel) return;
  try {
    channel.signal("KILL");
  } catch {
    // Channel already closed.
  }
  channel.close();
}
