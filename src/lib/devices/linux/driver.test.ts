import { readFileSync } from "node:fs";
import { machine, release } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayLab, type GatewayLab } from "../../../../lab";
import type { LinuxTarget } from "@/lib/devices/driver";
import { createLinuxDriver } from "./adapter";
import { pickModel } from "./parse";

let lab: GatewayLab;

beforeAll(async () => {
  lab = await startGatewayLab();
});

afterAll(async () => {
  await lab?.stop();
});

function target(overrides: Partial<LinuxTarget> = {}): LinuxTarget {
  return {
    kind: "linux",
    host: lab.host,
    port: lab.port,
    username: lab.username,
    auth: { method: "password", password: lab.password },
    pinnedHostKey: null,
    ...overrides,
  };
}

const check = (overrides: Partial<LinuxTarget> = {}, timeoutMs = 10_000) => createLinuxDriver(target(overrides)).checkConnection({ timeoutMs });

// The lab gateway shares this machine's kernel, filesystem and hardware; only its hostname differs.
function expectedModel(): string {
  const read = (path: string) => {
    try {
      return readFileSync(path, "utf8").replaceAll("\0", "").trim();
    } catch {
      return "";
    }
  };
  return pickModel(read("/sys/class/dmi/id/product_name"), read("/proc/device-tree/model"), machine());
}

function expectedVersion(): string {
  const pretty = /^PRETTY_NAME="(.*)"$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
  return `${pretty}, kernel ${release()}`;
}

describe("linux driver against a real OpenSSH server", () => {
  it("logs in with a password and reads identity, model, version and host key", async () => {
    const result = await check();
    expect(result).toEqual({
      status: "reachable",
      identity: lab.hostname,
      model: expectedModel(),
      version: expectedVersion(),
      hostKey: { algorithm: "ssh-ed25519", fingerprint: lab.hostKeyFingerprint },
    });
  });

  it("logs in with a private key", async () => {
    const result = await check({ auth: { method: "key", privateKey: lab.privateKey } });
    expect(result).toMatchObject({ status: "reachable", identity: lab.hostname });
  });

  it("logs in with a passphrase-protected key", async () => {
    const result = await check({ auth: { method: "key", privateKey: lab.encryptedKey, passphrase: lab.passphrase } });
    expect(result).toMatchObject({ status: "reachable", identity: lab.hostname });
  });

  it("reports auth_failed for a wrong passphrase without echoing it", async () => {
    const result = await check({ auth: { method: "key", privateKey: lab.encryptedKey, passphrase: "not-the-passphrase" } });
    expect(result.status).toBe("auth_failed");
    expect(JSON.stringify(result)).not.toContain("not-the-passphrase");
  });

  it("reports auth_failed for a wrong password without echoing it", async () => {
    const result = await check({ auth: { method: "password", password: "wrong-password-123" } });
    expect(result.status).toBe("auth_failed");
    expect(JSON.stringify(result)).not.toContain("wrong-password-123");
  });

  it("reports auth_failed for an unknown user", async () => {
    expect((await check({ username: "wm-nobody" })).status).toBe("auth_failed");
  });

  it("reports timed_out within budget when SYNs are dropped", async () => {
    const started = Date.now();
    const result = await check({ host: lab.blackholeHost }, 1_500);
    const elapsed = Date.now() - started;
    expect(result.status).toBe("timed_out");
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("reports unreachable for a closed port", async () => {
    const result = await check({ port: 2222 }, 5_000);
    expect(result.status).toBe("unreachable");
  });

  it("accepts the correct pinned fingerprint", async () => {
    const result = await check({ pinnedHostKey: lab.hostKeyFingerprint });
    expect(result).toMatchObject({ status: "reachable", hostKey: { fingerprint: lab.hostKeyFingerprint } });
  });

  it("refuses a changed host key and reports the presented one", async () => {
    const oldPin = lab.hostKeyFingerprint;
    const newFingerprint = await lab.rotateHostKey();
    expect(newFingerprint).not.toBe(oldPin);

    const result = await check({ pinnedHostKey: oldPin });
    expect(result).toEqual({
      status: "host_key_mismatch",
      message: expect.stringContaining(newFingerprint),
      presented: { algorithm: "ssh-ed25519", fingerprint: newFingerprint },
    });

    const relearned = await check({ pinnedHostKey: null });
    expect(relearned).toMatchObject({ status: "reachable", hostKey: { fingerprint: newFingerprint } });
  });
});
