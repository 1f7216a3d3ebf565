// Conformance items of CONFORMANCE.md checked against the simulator over real TCP, where the other
// client test files do not already cover them: several traps, every word-length form both ways,
// counters past 2^53, per-command timeout, and drops with several commands (and a login) in flight.

import { describe, expect, it } from "vitest";

import { printCommand, TrapReply, type MenuDefinition } from "@/simulator/routeros";
import { useSimulatorAndClient } from "@tests/support/simulator/harness";

import { parseCounter, RouterOsConnectionError, RouterOsTimeoutError, RouterOsTrapError } from "./api-client";

// Test-only menus: a command that fails twice, and counters at the edge of what a double can hold.
const testMenus: MenuDefinition[] = [
  {
    path: "test/traps",
    commands: {
      run: {
        args: [],
        run: () => {
          throw new TrapReply({ message: "first failure", category: 1 }, { message: "second failure" });
        },
      },
    },
  },
  {
    path: "test/counters",
    commands: { print: printCommand(() => [{ ".id": "*1", bytes: "18446744073709551615", packets: "9007199254740993" }]) },
  },
];

const { simulator, open } = useSimulatorAndClient({
  router: { identity: "edge-1", boardName: "RB5009UPr+S+", users: [{ name: "admin", password: "s3cret-pass" }], menus: testMenus },
  client: { connectTimeoutMs: 3_000, commandTimeoutMs: 3_000 },
});

describe("RouterOS client conformance against the simulator", () => {
  it("collects several !trap of one command, in order, then keeps the session", async () => {
    const client = await open((await simulator()).port);
    const error = (await client.command(["/test/traps/run"]).catch((caught: unknown) => caught)) as RouterOsTrapError;
    expect(error).toBeInstanceOf(RouterOsTrapError);
    expect(error.traps.map(({ message, category }) => [message, category])).toEqual([
      ["first failure", 1],
      ["second failure", undefined],
    ]);
    expect((await client.command(["/system/identity/print"])).rows).toEqual([{ name: "edge-1" }]);
  });

  it("round-trips a word of every length form up to 4 bytes (prefixes with 0x00 bytes included)", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    // Word length = "=name=".length + name length; the 5-byte form (>= 256 MiB) is past both sides' word limit.
    for (const length of [6, 0x7f, 0x80, 0x100, 0x3fff, 0x4000, 0x10000, 0x1fffff, 0x200000]) {
      const name = "n".repeat(length - 6);
      await client.command(["/system/identity/set", `=name=${name}`]);
      expect(sim.device.identity).toHaveLength(length - 6);
      const [row] = (await client.command(["/system/identity/print"])).rows;
      expect(row?.name).toBe(name);
    }
  });

  it("keeps counters past 2^53 exact", async () => {
    const client = await open((await simulator()).port);
    const [row] = (await client.command(["/test/counters/print", "=.proplist=bytes,packets"])).rows;
    expect(parseCounter(row?.bytes ?? "")).toBe(2n ** 64n - 1n);
    expect(parseCounter(row?.packets ?? "")).toBe(9_007_199_254_740_993n);
  });

  it("times out one command on a router that stops answering, and the session outlives it", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    sim.faults.set({ stall: true });
    const started = Date.now();
    await expect(client.command(["/system/identity/print"], { timeoutMs: 200 })).rejects.toBeInstanceOf(RouterOsTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
    sim.faults.clear();
    expect((await client.command(["/system/identity/print"])).rows).toEqual([{ name: "edge-1" }]);
  });

  it("rejects every in-flight command and stream promptly when the connection drops", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    sim.faults.set({ delayMs: 2_000 });
    const inFlight = [
      client.command(["/system/identity/print"], { timeoutMs: 10_000 }),
      client.command(["/system/resource/print"], { timeoutMs: 10_000 }),
      client.stream(["/system/resource/print", "=interval=1s"], () => {}).done,
    ];
    const started = Date.now();
    sim.dropAllConnections();
    const results = await Promise.allSettled(inFlight);
    expect(Date.now() - started).toBeLessThan(1_000);
    for (const result of results) expect(result.status === "rejected" && result.reason).toBeInstanceOf(RouterOsConnectionError);
  });

  it("over anonymous-DH TLS: reads replies sent one byte per TLS record, and fails promptly on a drop", async () => {
    const sim = await simulator({ tls: "anon", faults: { fragment: "byte" } });
    const client = await open(sim.port, { transport: "tls-anon" });
    expect((await client.command(["/system/identity/print"])).rows).toEqual([{ name: "edge-1" }]);
    const stream = client.stream(["/system/resource/print", "=interval=1s"], () => {});
    const started = Date.now();
    sim.dropAllConnections();
    await expect(stream.done).rejects.toBeInstanceOf(RouterOsConnectionError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("fails a login in flight promptly when the connection drops", async () => {
    const sim = await simulator({ faults: { stall: true } });
    const started = Date.now();
    const attempt = open(sim.port, { connectTimeoutMs: 10_000 });
    // Repeated, so the drop lands even if this machine is slow to accept the connection.
    const dropping = setInterval(() => sim.dropAllConnections(), 50);
    await expect(attempt)
      .rejects.toBeInstanceOf(RouterOsConnectionError)
      .finally(() => clearInterval(dropping));
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
