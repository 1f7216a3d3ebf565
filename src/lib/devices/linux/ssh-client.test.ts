import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayLab, type GatewayLab } from "../../../../lab";
import { waitFor } from "../../../../lab/exec";
import { connectSsh, type SshSession } from "./ssh-client";
import { HostKeyMismatchError, SshTimeoutError, UnreachableError } from "./ssh-errors";

let lab: GatewayLab;
let session: SshSession;

beforeAll(async () => {
  lab = await startGatewayLab();
  session = await connectSsh({
    host: lab.host,
    port: lab.port,
    username: lab.username,
    auth: { method: "key", privateKey: lab.privateKey },
    pinnedHostKey: lab.hostKeyFingerprint,
    timeoutMs: 10_000,
  });
});

afterAll(async () => {
  session?.close();
  await lab?.stop();
});

describe("SshSession.exec against a real OpenSSH server", () => {
  it("passes every argv word through the remote login shell unchanged", async () => {
    const words = ["", "two words", "it's", "$(id)", "`id`", "$HOME", "a\\b", ";", "|", "new\nline", "*", "-n", "ü ✓"];
    const result = await session.exec(["printf", "%s\\0", ...words], { timeoutMs: 5_000 });
    expect(result.code).toBe(0);
    expect(result.stdout.split("\0").slice(0, -1)).toEqual(words);
  });

  it("returns stdout, stderr and the exit code separately", async () => {
    const result = await session.exec(["sh", "-c", "echo out; echo err >&2; exit 3"], { timeoutMs: 5_000 });
    expect(result).toEqual({ stdout: "out\n", stderr: "err\n", code: 3, signal: null });
  });

  it("feeds stdin byte for byte, so files are uploaded without any quoting", async () => {
    const content = "line 1 $(id) `id` 'q' \"d\"\nline 2 \\ ü\n";
    const result = await session.exec(["cat"], { timeoutMs: 5_000, stdin: content });
    expect(result.stdout).toBe(content);
  });

  it("times out a command that runs too long and kills it on the server", async () => {
    await expect(session.exec(["sleep", "41.5"], { timeoutMs: 300 })).rejects.toBeInstanceOf(SshTimeoutError);
    const liveSleeps = async () => {
      const { stdout } = await lab.lab.root.exec(["ps", "-eo", "stat=,args="]);
      return stdout.split("\n").filter((line) => /^[^Z]\S*\s+sleep 41\.5/.test(line.trim())).length;
    };
    await waitFor(async () => (await liveSleeps()) === 0, 3_000, "the remote sleep to be killed");
  });

  it("fails a command on a connection that has dropped as unreachable (a kept watch session reopens on it)", async () => {
    const dropped = await connectSsh({
      host: lab.host,
      port: lab.port,
      username: lab.username,
      auth: { method: "key", privateKey: lab.privateKey },
      pinnedHostKey: lab.hostKeyFingerprint,
      timeoutMs: 10_000,
    });
    dropped.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(dropped.exec(["true"], { timeoutMs: 5_000 })).rejects.toBeInstanceOf(UnreachableError);
  });

  it("caps runaway output", async () => {
    await expect(session.exec(["head", "-c", "100000", "/dev/zero"], { timeoutMs: 5_000, maxOutputBytes: 1_000 })).rejects.toThrow(/exceeded 1000 bytes/);
  });
});

describe("connectSsh host key pinning", () => {
  it("throws HostKeyMismatchError carrying the presented key", async () => {
    const attempt = connectSsh({
      host: lab.host,
      port: lab.port,
      username: lab.username,
      auth: { method: "key", privateKey: lab.privateKey },
      pinnedHostKey: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      timeoutMs: 5_000,
    });
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HostKeyMismatchError);
    expect((error as HostKeyMismatchError).presented).toEqual({ algorithm: "ssh-ed25519", fingerprint: lab.hostKeyFingerprint });
  });
});
