// Fault injection over real TCP, seen through our own client (and a raw socket where the exact bytes matter):
// each fault must end in a prompt, typed failure on the client side, never a hang.

import net from "node:net";

import { describe, expect, it } from "vitest";

import { RouterOsConnectionError, RouterOsFatalError, RouterOsTimeoutError } from "@/lib/devices/routeros/api-client";
import { encodeSentence, SentenceReader } from "@/lib/devices/routeros/wire";

import { seededRandom } from "./seeded-random";
import { useSimulatorAndClient } from "@tests/support/simulator/harness";
import { chunkSizes, MAX_RANDOM_CHUNK } from "./writer";

const PROMPT_MS = 1_000;
const { simulator, open, afterTest } = useSimulatorAndClient({
  router: { identity: "edge-1" },
  client: { connectTimeoutMs: 3_000, commandTimeoutMs: 3_000 },
});

/** Resolves with how the promise settled and how long it took from now. */
const settle = async (promise: Promise<unknown>) => {
  const started = Date.now();
  const [outcome] = await Promise.allSettled([promise]);

  return { outcome: outcome as PromiseSettledResult<unknown>, ms: Date.now() - started };
};

const rejection = (result: PromiseSettledResult<unknown>): unknown => (result.status === "rejected" ? result.reason : undefined);

describe("fragmentation", () => {
  it("splits at the same random points for the same seed, in chunks of 1..12 bytes", () => {
    const split = (seed: number) => chunkSizes(500, { fragment: "random", random: seededRandom(seed) });
    expect(split(7)).toEqual(split(7));
    expect(split(7)).not.toEqual(split(8));
    expect(split(7).reduce((sum, size) => sum + size, 0)).toBe(500);
    expect(Math.max(...split(7))).toBeLessThanOrEqual(MAX_RANDOM_CHUNK);
    expect(new Set(split(7)).size).toBeGreaterThan(5);
    expect(chunkSizes(5, { fragment: "byte" })).toEqual([1, 1, 1, 1, 1]);
    expect(chunkSizes(5, {})).toEqual([5]);
  });

  it.each(["byte", "random"] as const)("delivers a reply in several reads with %s fragmentation", async (fragment) => {
    const sim = await simulator({ faults: { fragment } });
    const socket = net.connect({ host: "127.0.0.1", port: sim.port });
    afterTest(() => void socket.destroy());
    const reader = new SentenceReader();
    const replies: string[][] = [];
    let reads = 0;
    socket.on("data", (chunk) => {
      reads += 1;
      replies.push(...reader.push(chunk));
    });
    socket.write(encodeSentence(["/login", "=name=admin", "=password=pw"]));
    socket.write(encodeSentence(["/system/resource/print", ".tag=r"]));
    await expect.poll(() => replies.length).toBe(3);
    // ~400 bytes: "byte" gives one read per byte, "random" one per 1..12 bytes (the peer may merge a few).
    expect(reads).toBeGreaterThan(fragment === "byte" ? 200 : 40);
  });

  it.each(["byte", "random"] as const)("keeps the client exact when switched to %s fragmentation at runtime", async (fragment) => {
    const sim = await simulator();
    const client = await open(sim.port);
    sim.faults.set({ fragment, seed: 42 });
    const [identity, resource] = await Promise.all([client.command(["/system/identity/print"]), client.command(["/system/resource/print"])]);
    expect(identity.rows).toEqual([{ name: "edge-1" }]);
    expect(resource.rows[0]).toMatchObject({ "board-name": "CHR", platform: "MikroTik" });
    await client.command(["/system/identity/set", `=name=${"é".repeat(200)}`]);
    expect((await client.command(["/system/identity/print"])).rows).toEqual([{ name: "é".repeat(200) }]);
  });
});

describe("delay", () => {
  it("delays every reply sentence and lets a per-command timeout fire", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    sim.faults.set({ delayMs: 150 });
    const slow = await settle(client.command(["/system/identity/print"]));
    expect(slow.outcome.status).toBe("fulfilled");
    expect(slow.ms).toBeGreaterThanOrEqual(290); // !re and !done, 150 ms each
    const timedOut = await settle(client.command(["/system/identity/print"], { timeoutMs: 100 }));
    expect(rejection(timedOut.outcome)).toBeInstanceOf(RouterOsTimeoutError);
    expect(timedOut.ms).toBeLessThan(PROMPT_MS);
    sim.faults.clear();
    expect((await client.command(["/system/identity/print"])).rows).toEqual([{ name: "edge-1" }]);
  });
});

describe("dropped connections", () => {
  const push = ["step-1", "step-2", "step-3", "step-4"];

  it("cuts a multi-command push before each step in turn; earlier steps stay applied", async () => {
    const sim = await simulator();
    for (let cut = 1; cut <= push.length; cut++) {
      sim.device.identity = "before";
      sim.faults.set({ dropAfterSentences: { received: cut } });
      const client = await open(sim.port);
      let failedAt: number | undefined;
      let error: unknown;
      for (const [index, name] of push.entries()) {
        const step = await settle(client.command(["/system/identity/set", `=name=${name}`], { timeoutMs: 5_000 }));
        if (step.outcome.status === "fulfilled") continue;
        failedAt = index + 1;
        error = step.outcome.reason;
        expect(step.ms).toBeLessThan(PROMPT_MS);
        break;
      }
      expect(failedAt).toBe(cut);
      expect(error).toBeInstanceOf(RouterOsConnectionError);
      expect(sim.device.identity).toBe(cut === 1 ? "before" : push[cut - 2]);
    }
  });

  it("drops right after the n-th reply sentence and fails the stream in flight", async () => {
    const sim = await simulator({ faults: { dropAfterSentences: { sent: 3 } } });
    const client = await open(sim.port);
    expect((await client.command(["/system/identity/print"])).rows).toHaveLength(1); // sentences 1 and 2
    const rows: unknown[] = [];
    const stream = client.stream(["/system/resource/print", "=interval=200ms", "=.proplist=cpu-load"], (row) => rows.push(row));
    const ended = await settle(stream.done);
    expect(rejection(ended.outcome)).toBeInstanceOf(RouterOsConnectionError);
    expect(rows).toHaveLength(1); // sentence 3, then the drop
    expect(client.closed).toBe(true);
  });

  it("dropAllConnections fails every in-flight command on every connection promptly; new logins work", async () => {
    const sim = await simulator();
    const clients = [await open(sim.port), await open(sim.port)];
    const streams = clients.map((client) => client.stream(["/system/resource/print", "=interval=1s"], () => {}));
    const started = Date.now();
    sim.dropAllConnections();
    for (const stream of streams) await expect(stream.done).rejects.toBeInstanceOf(RouterOsConnectionError);
    expect(Date.now() - started).toBeLessThan(PROMPT_MS);
    expect((await (await open(sim.port)).command(["/system/identity/print"])).rows).toEqual([{ name: "edge-1" }]);
  });
});

describe("!fatal", () => {
  it("sends !fatal with a bare reason word after the n-th reply sentence and closes", async () => {
    const sim = await simulator({ faults: { fatal: { afterSentences: 1, reason: "out of memory" } } });
    const socket = net.connect({ host: "127.0.0.1", port: sim.port });
    afterTest(() => void socket.destroy());
    const reader = new SentenceReader();
    const replies: string[][] = [];
    socket.on("data", (chunk) => replies.push(...reader.push(chunk)));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(encodeSentence(["/login", "=name=admin", "=password=pw"]));
    socket.write(encodeSentence(["/system/identity/print", ".tag=a"]));
    await closed;
    expect(replies).toEqual([["!done"], ["!re", ".tag=a", "=name=edge-1"], ["!fatal", "out of memory"]]);
  });

  it("fails every in-flight command with RouterOsFatalError(reason), promptly", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    const stream = client.stream(["/system/resource/print", "=interval=1s"], () => {});
    sim.faults.set({ fatal: { afterSentences: 2, reason: "router is rebooting" } });
    const pending = [client.command(["/system/identity/print"]), client.command(["/system/resource/print"], { timeoutMs: 10_000 })];
    const results = await Promise.all([stream.done, ...pending].map(settle));
    for (const { outcome, ms } of results) {
      expect(rejection(outcome)).toEqual(new RouterOsFatalError("router is rebooting"));
      expect(ms).toBeLessThan(PROMPT_MS);
    }
  });

  it.each(["7.16.2", "6.42.12"])("leaves login out of the count (%s), so afterSentences 0 answers the first command", async (version) => {
    const sim = await simulator({ version, faults: { fatal: { afterSentences: 0, reason: "not today" } } });
    const client = await open(sim.port);
    await expect(client.command(["/system/identity/print"])).rejects.toEqual(new RouterOsFatalError("not today"));
  });
});

describe("stall", () => {
  it("accepts and never answers: login times out", async () => {
    const sim = await simulator({ faults: { stall: true } });
    const attempt = await settle(open(sim.port, { connectTimeoutMs: 300 }));
    expect(rejection(attempt.outcome)).toBeInstanceOf(RouterOsTimeoutError);
    expect(attempt.ms).toBeLessThan(PROMPT_MS);
  });

  it("swallows commands on a logged-in session until cleared", async () => {
    const sim = await simulator();
    const client = await open(sim.port);
    sim.faults.set({ stall: true });
    const stalled = await settle(client.command(["/system/identity/print"], { timeoutMs: 200 }));
    expect(rejection(stalled.outcome)).toBeInstanceOf(RouterOsTimeoutError);
    expect(stalled.ms).toBeLessThan(PROMPT_MS);
    sim.faults.clear();
    expect(sim.faults.current).toEqual({});
    expect((await client.command(["/system/identity/print"])).rows).toEqual([{ name: "edge-1" }]);
  });
});
