// History on a real database, with the clock injected: the recorder's batched writes, compaction of finished
// minutes into blocks, minute and hour rollups, retention, the trends API over what is stored, and the history
// surviving a restart (a new database client reads what the old one wrote). Once on SQLite, once on PostgreSQL
// (where two instances compact at once and nothing is doubled).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, setDbForTests } from "@/lib/db/client";
import { compactHistory } from "@/lib/monitor/history/compact";
import { pruneHistory } from "@/lib/monitor/history/prune";
import { HistoryRecorder } from "@/lib/monitor/history/recorder";
import { dualWanLive } from "@tests/support/history/dual-wan";
import { PROVIDERS, routerOsDevice, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const RETENTION = { rawHours: 6, minuteDays: 14, hourDays: 400, eventDays: 400 };

describe.each(PROVIDERS)("history on %s", (provider) => {
  let app: AppEnvironment;
  let admin: ApiClient;
  let viewer: ApiClient;
  let deviceId: string;
  // Three hours of polls every 2 s ending an hour ago; wan2 down for ten minutes in the middle.
  const t0 = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
  const polls = (3 * HOUR) / 2000;

  beforeAll(async () => {
    app = await startAppEnvironment(provider);
    admin = await setupAdmin(app);
    viewer = await userWithRole(app, admin, "viewer");
    deviceId = (await admin.post("/devices", routerOsDevice())).json.id;
    const recorder = new HistoryRecorder(() => app.db);
    let previous = null;
    for (let seq = 0; seq < polls; seq++) {
      const at = t0 + seq * 2000;
      const down = at >= t0 + 70 * MIN && at < t0 + 80 * MIN;
      const update = dualWanLive({ deviceId, atMs: at, seq, wan2State: down ? "down" : "up" });
      recorder.observe(update, previous);
      previous = update;
      if (seq % 900 === 0) await recorder.flush();
    }
    await recorder.stop();
  }, 120_000);
  afterAll(async () => app?.close());

  it("writes every poll as one raw sample and each change of a link as a state event", async () => {
    expect(await app.db.monitorSample.count({ where: { deviceId } })).toBe(polls);
    const events = await app.db.stateEvent.findMany({ where: { deviceId }, orderBy: { atMs: "asc" } });
    expect(events.map((e) => [e.subject, e.name, e.previous, e.state, Number(e.atMs) - t0])).toEqual([
      ["link", "wan2", "up", "down", 70 * MIN],
      ["link", "wan2", "down", "up", 80 * MIN],
    ]);
  });

  it("compacts finished minutes into blocks and rolls finished hours into minute points, once however often it runs", async () => {
    const now = t0 + 3 * HOUR + 5 * MIN;
    // A second instance (its own client) compacting at the same moment: each device's work is done once.
    const second = createDb(app.databaseUrl);
    const runs =
      provider === "postgresql" ? await Promise.all([compactHistory(app.db, now), compactHistory(second, now)]) : [await compactHistory(app.db, now)];
    await second.$disconnect();
    expect(runs.reduce((sum, r) => sum + r.rawBlocks, 0)).toBe(180);
    expect(runs.reduce((sum, r) => sum + r.minuteBlocks, 0)).toBe(3);
    const again = await compactHistory(app.db, now);
    expect(again).toMatchObject({ rawBlocks: 0, minuteBlocks: 0, hourBlocks: 0 });
    expect(await app.db.monitorSample.count({ where: { deviceId } })).toBe(0);
    const raw = await app.db.sampleBlock.findMany({ where: { deviceId, resolution: 0 } });
    expect(raw).toHaveLength(180);
    expect(raw.reduce((sum, b) => sum + b.points, 0)).toBe(polls);
    const minutes = await app.db.sampleBlock.findMany({ where: { deviceId, resolution: 60 }, orderBy: { startMs: "asc" } });
    expect(minutes.map((b) => [Number(b.startMs) - t0, b.points])).toEqual([
      [0, 60],
      [HOUR, 60],
      [2 * HOUR, 60],
    ]);
  });

  it("answers a span of an hour with every poll, the wan2 band and its timeline", async () => {
    const from = new Date(t0 + 60 * MIN).toISOString();
    const to = new Date(t0 + 120 * MIN).toISOString();
    const reply = await viewer.get(`/devices/${deviceId}/trends?from=${from}&to=${to}`);
    expect(reply.status).toBe(200);
    expect(reply.json.resolution).toBe("raw");
    expect(reply.json.times).toHaveLength(1800);
    const wan2 = reply.json.links.find((l: { name: string }) => l.name === "wan2");
    expect(wan2.bands.map((b: { state: string; fromMs: number }) => [b.state, b.fromMs - t0])).toEqual([
      ["up", 60 * MIN],
      ["down", 70 * MIN],
      ["up", 80 * MIN],
    ]);
    expect(Object.keys(wan2.series)).toEqual(expect.arrayContaining(["inBitsPerSecond", "outBitsPerSecond", "newPerSecond", "lossPercent", "rttMs", "state"]));
    expect(wan2.series.inBitsPerSecond[300 + 10]).toBe(0);
    expect(reply.json.backends.map((b: { key: string }) => b.key)).toEqual(["web/web1", "web/web2", "web/web3"]);
    expect(reply.json.events.map((e: { state: string }) => e.state)).toEqual(["down", "up"]);
  });

  it("answers three hours by the minute, with averages and maxima", async () => {
    const reply = await viewer.get(`/devices/${deviceId}/trends?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 3 * HOUR).toISOString()}`);
    expect(reply.json.resolution).toBe("minute");
    expect(reply.json.times).toHaveLength(180);
    const wan2 = reply.json.links.find((l: { name: string }) => l.name === "wan2");
    expect(wan2.series.up[75]).toBe(0);
    expect(wan2.series.up[10]).toBe(1);
    expect(wan2.series["inBitsPerSecond.max"][10]).toBeGreaterThanOrEqual(wan2.series.inBitsPerSecond[10]);
  });

  it("keeps the history across a restart: a new database client reads what the old one wrote", async () => {
    await app.db.$disconnect();
    const fresh = createDb(app.databaseUrl);
    setDbForTests(fresh);
    try {
      const reply = await viewer.get(`/devices/${deviceId}/trends?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 30 * MIN).toISOString()}`);
      expect(reply.status).toBe(200);
      expect(reply.json.times).toHaveLength(900);
    } finally {
      setDbForTests(app.db);
      await fresh.$disconnect();
    }
  });

  it("rolls finished days into hour points and keeps each resolution for its retention only", async () => {
    const other = (await admin.post("/devices", routerOsDevice({ name: "branch" }))).json.id as string;
    const day0 = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
    const recorder = new HistoryRecorder(() => app.db);
    let previous = null;
    for (let seq = 0; seq < 26 * 60; seq++) {
      const update = dualWanLive({ deviceId: other, atMs: day0 + seq * MIN, seq });
      recorder.observe(update, previous);
      previous = update;
    }
    await recorder.stop();
    const now = day0 + 26 * HOUR + 15 * MIN;
    expect(await compactHistory(app.db, now)).toMatchObject({ rawBlocks: 26 * 60, minuteBlocks: 26, hourBlocks: 1 });
    const dayBlock = await app.db.sampleBlock.findFirstOrThrow({ where: { deviceId: other, resolution: 3600 } });
    expect([Number(dayBlock.startMs), dayBlock.points]).toEqual([day0, 24]);

    const count = (resolution: number) => app.db.sampleBlock.count({ where: { deviceId: other, resolution } });
    await pruneHistory(app.db, RETENTION, now);
    expect(await count(0)).toBe(6 * 60 - 15);
    await pruneHistory(app.db, RETENTION, day0 + 16 * DAY);
    expect([await count(0), await count(60), await count(3600)]).toEqual([0, 0, 1]);
    await pruneHistory(app.db, RETENTION, day0 + 402 * DAY);
    expect(await count(3600)).toBe(0);
    expect(await app.db.stateEvent.count({ where: { deviceId } })).toBe(2);
    await pruneHistory(app.db, RETENTION, t0 + 401 * DAY);
    expect(await app.db.stateEvent.count({ where: { deviceId } })).toBe(0);
  }, 120_000);

  // A query that fails its schema is the project's invalid_input (422), naming the field and why.
  it("refuses a span that is inverted, too long or not a time, and a device that does not exist", async () => {
    const base = `/devices/${deviceId}/trends`;
    const inverted = await viewer.get(`${base}?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z`);
    expect(inverted.status).toBe(422);
    expect(inverted.text).toContain("`to` must be after `from`");
    const long = await viewer.get(`${base}?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`);
    expect(long.status).toBe(422);
    expect(long.text).toContain("at most 400 days");
    expect((await viewer.get(`${base}?from=yesterday&to=2026-12-01T00:00:00Z`)).status).toBe(422);
    expect((await viewer.get(`${base}?from=2026-12-01T00:00:00Z&to=2026-12-01T01:00:00Z&step=1`)).status).toBe(422);
    expect((await viewer.get(`${base}?from=2026-12-01T00:00:00Z`)).status).toBe(422);
    expect((await viewer.get(`/devices/nope/trends?from=2026-12-01T00:00:00Z&to=2026-12-01T01:00:00Z`)).status).toBe(404);
    expect((await viewer.get(`${base}?from=2026-12-01T00:00:00Z&to=2026-12-01T01:00:00Z`, { anonymous: true })).status).toBe(401);
  });
});
