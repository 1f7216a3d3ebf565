import { describe, expect, it } from "vitest";

import type { RouterOsTarget } from "@/lib/devices/driver";
import { useSimulatorAndClient } from "@tests/support/simulator/harness";

import { createRouterOsDriver } from "./adapter";
import { closedPort, startScriptedServer, startSilentServer } from "@tests/support/routeros/scripted-server";
import { encodeSentence } from "./wire";

const { simulator, afterTest } = useSimulatorAndClient({
  router: { identity: "branch-gw", boardName: "RB5009UPr+S+", users: [{ name: "admin", password: "correct horse" }] },
});

const target = (port: number, overrides: Partial<RouterOsTarget> = {}): RouterOsTarget => ({
  kind: "routeros",
  host: "127.0.0.1",
  port,
  transport: "plain",
  username: "admin",
  password: "correct horse",
  ...overrides,
});

describe("RouterOS driver checkConnection", () => {
  it("returns reachable with identity, model and version", async () => {
    const sim = await simulator();
    const driver = createRouterOsDriver(target(sim.port));
    expect(driver.kind).toBe("routeros");
    await expect(driver.checkConnection({ timeoutMs: 5_000 })).resolves.toEqual({
      status: "reachable",
      identity: "branch-gw",
      model: "RB5009UPr+S+",
      version: "7.16.2 (stable)",
    });
  });

  it("reaches a 6.x router with the legacy login over anonymous-DH TLS", async () => {
    const sim = await simulator({ version: "6.42.12", tls: "anon", boardName: "RB951Ui-2HnD" });
    const result = await createRouterOsDriver(target(sim.port, { transport: "tls-anon" })).checkConnection({ timeoutMs: 5_000 });
    expect(result).toMatchObject({ status: "reachable", model: "RB951Ui-2HnD", version: "6.42.12 (stable)" });
  });

  it("returns auth_failed for a wrong password, without echoing it", async () => {
    const sim = await simulator();
    const result = await createRouterOsDriver(target(sim.port, { password: "wrong-guess" })).checkConnection({ timeoutMs: 5_000 });
    expect(result.status).toBe("auth_failed");
    expect(JSON.stringify(result)).toContain("invalid user name or password");
    expect(JSON.stringify(result)).not.toContain("wrong-guess");
  });

  it("returns unreachable for a closed 127.0.0.1 port", async () => {
    const result = await createRouterOsDriver(target(await closedPort())).checkConnection({ timeoutMs: 5_000 });
    expect(result).toMatchObject({ status: "unreachable" });
    expect(result.status === "unreachable" && result.message).toMatch(/connection refused: nothing listens on that port/);
  });

  it("returns timed_out within the budget when the server accepts and never answers", async () => {
    const silent = await startSilentServer();
    afterTest(silent.close);
    const started = Date.now();
    const result = await createRouterOsDriver(target(silent.port)).checkConnection({ timeoutMs: 300 });
    expect(result.status).toBe("timed_out");
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("returns protocol_error when the peer does not speak the API", async () => {
    const server = await startScriptedServer(({ sendBytes }) => sendBytes(Buffer.concat([encodeSentence(["HELLO"]), Buffer.of(0xff)])));
    afterTest(server.close);
    const result = await createRouterOsDriver(target(server.port)).checkConnection({ timeoutMs: 2_000 });
    expect(result.status).toBe("protocol_error");
  });

  it("returns protocol_error when TLS cannot be negotiated", async () => {
    const sim = await simulator({ tls: "anon" });
    const result = await createRouterOsDriver(target(sim.port, { transport: "tls" })).checkConnection({ timeoutMs: 2_000 });
    expect(result.status).toBe("protocol_error");
  });
});
