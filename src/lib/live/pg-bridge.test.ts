import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DeviceLive } from "@/lib/domain/monitor/live";
import { liveFixture } from "@tests/support/live-fixture";
import { createTestDatabase } from "@tests/support/postgres";
import type { SiteLive } from "@/lib/domain/site/live";
import { vipSiteLive } from "@tests/support/site-live-fixture";
import { isSiteUpdate } from "./bus";
import { Assembler, encodeUpdate } from "./notify-wire";
import { type PgBridge, startPgBridge } from "./pg-bridge";

const until = async (what: string, check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("live-bus wire format", () => {
  it("cuts a 300-rule update into chunks PostgreSQL accepts and puts them back together, interleaved", () => {
    const big = liveFixture({ rules: 300 });
    const small = liveFixture({ deviceId: "dev-2", rules: 2 });
    const bigChunks = encodeUpdate(big, "b1.1");
    const smallChunks = encodeUpdate(small, "b1.2");
    expect(bigChunks.length).toBeGreaterThan(1);
    expect(smallChunks).toHaveLength(1);
    for (const chunk of [...bigChunks, ...smallChunks]) expect(Buffer.byteLength(chunk)).toBeLessThan(8000);
    const raw = Buffer.byteLength(JSON.stringify(big));
    const sent = bigChunks.reduce((sum, c) => sum + c.length, 0);
    console.log(`300-rule update: ${raw} bytes of JSON, ${sent} bytes in ${bigChunks.length} notifications`);

    const assembler = new Assembler();
    const [first, ...rest] = bigChunks;
    expect(assembler.push(first!)).toBeNull();
    expect(assembler.push(smallChunks[0]!)).toEqual(small);
    const done = rest.map((chunk) => assembler.push(chunk));
    expect(done.slice(0, -1).every((d) => d === null)).toBe(true);
    expect(done.at(-1)).toEqual(big);
    expect(assembler.pending).toBe(0);
  });

  it("refuses what is not its format and drops a half message after a reconnect", () => {
    const assembler = new Assembler();
    expect(() => assembler.push("hello")).toThrow(/chunk format/);
    expect(() => assembler.push("x 0 1 !!!")).toThrow();
    const chunks = encodeUpdate(liveFixture({ rules: 300 }), "b1.3");
    assembler.push(chunks[0]!);
    assembler.reset();
    for (const chunk of chunks.slice(1)) expect(assembler.push(chunk)).toBeNull();
  });
});

describe("PostgreSQL live-bus bridge", () => {
  let url: string;
  let a: PgBridge;
  let b: PgBridge;
  const heardByA: DeviceLive[] = [];
  const heardByB: DeviceLive[] = [];
  const sitesHeardByB: SiteLive[] = [];

  beforeAll(async () => {
    url = await createTestDatabase(inject("postgresAdminUrl"), "waymark_bridge");
    a = await startPgBridge(url, { onDeliver: (u) => !isSiteUpdate(u) && heardByA.push(u) });
    b = await startPgBridge(url, { onDeliver: (u) => (isSiteUpdate(u) ? sitesHeardByB.push(u) : heardByB.push(u)) });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it("every instance, the sender too, hears a 300-rule update whole", async () => {
    const update = liveFixture({ rules: 300, seq: 1 });
    a.send(update);
    await until("both instances to hear it", () => heardByA.length === 1 && heardByB.length === 1);
    // The sender delivers its own echo from what it sent (no second decoding); the other decodes it whole.
    expect(heardByA[0]).toBe(update);
    expect(heardByB[0]).not.toBe(update);
    expect(heardByB[0]).toEqual(update);
  });

  it("keeps order over many updates and drops one older than what was heard from the same instance", async () => {
    heardByB.length = 0;
    for (let seq = 2; seq <= 40; seq++) a.send(liveFixture({ seq, at: 1_765_000_000_000 + seq }));
    a.send(liveFixture({ seq: 10, at: 1_765_000_000_010 }));
    b.send(liveFixture({ seq: 41, at: 1_765_000_000_041 }));
    await until("41 updates", () => heardByB.at(-1)?.seq === 41);
    expect(heardByB.map((u) => u.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
  });

  it("an instance that restarted (seq from 0 again, later time) is heard", async () => {
    heardByB.length = 0;
    a.send(liveFixture({ seq: 0, at: 1_765_000_100_000 }));
    await until("the restarted instance's update", () => heardByB.length === 1);
  });

  it("reconnects after losing its connection, delivering its own updates directly meanwhile", async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'waymark-live-listen' AND datname = current_database()",
      );
    } finally {
      await admin.end();
    }
    await until("the listeners to notice", () => !a.listening() && !b.listening());
    heardByA.length = 0;
    a.send(liveFixture({ seq: 100, at: 1_765_000_200_000 }));
    expect(heardByA.map((u) => u.seq)).toEqual([100]);
    await until("both listeners back", () => a.listening() && b.listening());
    heardByB.length = 0;
    a.send(liveFixture({ seq: 101, at: 1_765_000_200_001 }));
    await until("B to hear after the reconnect", () => heardByB.some((u) => u.seq === 101));
    expect(heardByA.map((u) => u.seq)).toEqual([100, 101]);
  });

  it("carries a site's update on the same channel, whole, and drops an older one from the same instance", async () => {
    const site = vipSiteLive({ seq: 5, polledBy: "bridge-a" });
    a.send(site);
    a.send(vipSiteLive({ seq: 4, polledBy: "bridge-a", at: site.atMs - 2000 }));
    await until("the other instance to hear the site", () => sitesHeardByB.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sitesHeardByB).toEqual([site]);
  });
});
