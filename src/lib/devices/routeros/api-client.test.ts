import { describe, expect, it } from "vitest";

import { printCommand } from "@/simulator/routeros";
import { useSimulatorAndClient } from "@tests/support/simulator/harness";

import { RouterOsConnectionError, RouterOsFatalError, RouterOsLoginError, RouterOsTrapError } from "./api-client";
import { TEST_TLS_CERT, TEST_TLS_KEY } from "@tests/support/routeros/tls-fixture";

const { simulator, open } = useSimulatorAndClient({
  router: { identity: "edge-1", boardName: "RB5009UPr+S+", users: [{ name: "admin", password: "s3cret-pass" }] },
});

describe("RouterOS client against the simulator", () => {
  it("logs in (post-6.43) and reads identity, model and version", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    const identity = await client.command(["/system/identity/print"]);
    const resource = await client.command(["/system/resource/print"]);
    expect(identity.rows).toEqual([{ name: "edge-1" }]);
    expect(resource.rows[0]).toMatchObject({ "board-name": "RB5009UPr+S+", version: "7.16.2 (stable)", platform: "MikroTik" });
    expect(resource.empty).toBe(false);
  });

  it("logs in with the pre-6.43 challenge against a simulated 6.42", async () => {
    const sim = await simulator({ version: "6.42.12" });
    const client = await open(sim.port);
    const resource = await client.command(["/system/resource/print", "=.proplist=version,build-time"]);
    expect(resource.rows).toEqual([{ version: "6.42.12 (stable)", "build-time": "Nov/22/2024 08:17:56" }]);
  });

  it.each(["7.16.2", "6.42.12"])("rejects a wrong password on %s with RouterOsLoginError", async (version) => {
    const sim = await simulator({ version });
    const attempt = open(sim.port, { password: "wrong" });
    await expect(attempt).rejects.toBeInstanceOf(RouterOsLoginError);
    await expect(attempt).rejects.not.toThrow(/wrong/);
  });

  it("keeps empty !re rows produced by a .proplist of absent properties", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    const result = await client.command(["/system/identity/print", "=.proplist=no-such-property"]);
    expect(result.rows).toEqual([{}]);
  });

  it("sets the identity and reads it back", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    await client.command(["/system/identity/set", "=name=core router"]);
    expect((await client.command(["/system/identity/print"])).rows).toEqual([{ name: "core router" }]);
    expect(sim.device.identity).toBe("core router");
  });

  it("rejects traps with RouterOsTrapError and stays usable", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    const unknown = client.command(["/system/identity/print", "=detail="]);
    await expect(unknown).rejects.toBeInstanceOf(RouterOsTrapError);
    await expect(unknown).rejects.toMatchObject({ trapMessage: "unknown parameter detail" });
    await expect(client.command(["/no/such/menu/print"])).rejects.toMatchObject({ trapMessage: "no such command prefix", category: 0 });
    await expect(client.command(["/system/identity/frobnicate"])).rejects.toMatchObject({ trapMessage: "no such command" });
    expect((await client.command(["/system/identity/print"])).rows).toHaveLength(1);
  });

  it("reports !empty for an empty print on 7.18 but not on 7.16", async () => {
    const menus = [{ path: "interface/pptp-server", commands: { print: printCommand(() => [], ["detail"]) } }];
    const newer = await open((await simulator({ version: "7.18.2", menus })).port);
    const older = await open((await simulator({ version: "7.16.2", menus })).port);
    expect(await newer.command(["/interface/pptp-server/print"])).toEqual({ rows: [], done: {}, empty: true });
    expect(await older.command(["/interface/pptp-server/print"])).toEqual({ rows: [], done: {}, empty: false });
  });

  it("survives a reply delivered one byte per TCP write", async () => {
    const sim = await simulator({ faults: { fragment: "byte" } });
    const client = await open(sim.port);
    const [identity, resource] = await Promise.all([client.command(["/system/identity/print"]), client.command(["/system/resource/print"])]);
    expect(identity.rows).toEqual([{ name: "edge-1" }]);
    expect(resource.rows[0]?.["board-name"]).toBe("RB5009UPr+S+");
  });

  it("streams rows and cancels with /cancel =tag=", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    const rows: Record<string, string>[] = [];
    const stream = client.stream(["/system/resource/print", "=interval=200ms", "=.proplist=cpu-load"], (row) => rows.push(row));
    await expect.poll(() => rows.length, { timeout: 3_000 }).toBeGreaterThanOrEqual(2);
    await stream.cancel();
    await expect(stream.done).resolves.toEqual({ done: {}, cancelled: true });
    const seen = rows.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(rows.length).toBe(seen);
    expect(rows[0]).toEqual({ "cpu-load": "1" });
    expect((await client.command(["/system/identity/print"])).rows).toHaveLength(1);
  });

  it("fails every in-flight command with RouterOsFatalError on /quit", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    const stream = client.stream(["/system/resource/print", "=interval=1s"], () => {});
    const quit = client.command(["/quit"]);
    await expect(quit).rejects.toEqual(new RouterOsFatalError("session terminated on request"));
    await expect(stream.done).rejects.toBeInstanceOf(RouterOsFatalError);
    expect(client.closed).toBe(true);
    await expect(client.command(["/system/identity/print"])).rejects.toBeInstanceOf(RouterOsFatalError);
  });

  it("rejects in-flight commands promptly when the router goes away", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    const stream = client.stream(["/system/resource/print", "=interval=1s"], () => {});
    const started = Date.now();
    await sim.close();
    await expect(stream.done).rejects.toBeInstanceOf(RouterOsConnectionError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("connects over TLS with anonymous DH (certificate-less api-ssl)", async () => {
    const sim = await simulator({ tls: "anon" });
    const client = await open(sim.port, { transport: "tls-anon" });
    expect((await client.command(["/system/identity/print"])).rows).toEqual([{ name: "edge-1" }]);
  });

  it("connects over TLS with a verified certificate", async () => {
    const sim = await simulator({ tls: { key: TEST_TLS_KEY, cert: TEST_TLS_CERT } });
    const client = await open(sim.port, { transport: "tls", tls: { ca: TEST_TLS_CERT } });
    expect((await client.command(["/system/identity/print"])).rows).toEqual([{ name: "edge-1" }]);
  });

  it("refuses an unverifiable certificate with a TLS connection error", async () => {
    const sim = await simulator({ tls: { key: TEST_TLS_KEY, cert: TEST_TLS_CERT } });
    await expect(open(sim.port, { transport: "tls" })).rejects.toMatchObject({ name: "RouterOsConnectionError", reason: "tls" });
  });

  it("cannot reach an anon-DH server with a certificate-verifying client", async () => {
    const sim = await simulator({ tls: "anon" });
    await expect(open(sim.port, { transport: "tls" })).rejects.toMatchObject({ reason: "tls" });
  });
});
