import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentInput } from "@/lib/domain/intent";
import type { DeviceLive } from "@/lib/domain/monitor/live";
import { liveBus } from "@/lib/live/bus";
import { Monitor } from "@/lib/monitor/monitor";
import { addPollObserver } from "@/lib/monitor/observers";
import { HistoryRecorder } from "@/lib/monitor/history/recorder";
import { nextUpdate, nextUpdates, openEvents, updatesDuring } from "./monitor-live";
import { startRouterSite, type RouterSite } from "./router-site";
import { pushFinished } from "./support";

// The monitor in-process against a simulated MikroTik over TCP: one poller per device at the device's interval,
// rates computed on the server, the live feeds, interval and monitoring changes, failures in the admin's words
// with backoff, and the lease keeping two monitors off one device.

let site: RouterSite;
let deviceId: string;
let monitor: Monitor;
let traffic: NodeJS.Timeout;
let recorder: HistoryRecorder;

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const intent = (weightA: number): IntentInput => ({
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: weightA, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
});

async function push(weightA: number): Promise<string> {
  expect((await site.operator.put(`/devices/${deviceId}/policy`, intent(weightA))).status).toBe(200);
  const started = await site.operator.post(`/devices/${deviceId}/push`, { reason: `weight ${weightA}`, confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  expect((await pushFinished(site.viewer, started.json.id)).status).toBe("confirmed");
  return started.json.id;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function between(value: number, low: number, high: number): void {
  expect(value).toBeGreaterThan(low);
  expect(value).toBeLessThanOrEqual(high);
}

let notPushed: DeviceLive;
let loginsWhileNotPushed: number;

beforeAll(async () => {
  site = await startRouterSite();
  deviceId = site.deviceId;
  const patched = await site.operator.patch(`/devices/${deviceId}/monitoring`, { pollIntervalSec: 1 });
  expect(patched.json, patched.text).toEqual({ deviceId, pollIntervalSec: 1, monitored: true });
  recorder = new HistoryRecorder(() => site.app.db);
  addPollObserver(recorder.observer);
  // The monitor starts before anything is pushed: the device has nothing to read back yet, and is left alone.
  const loginsBefore = site.sim.apiCost().logins;
  const first = nextUpdate(deviceId);
  monitor = new Monitor({ db: site.app.db, instanceId: "monitor-a" });
  monitor.start();
  notPushed = await first;
  await sleep(2_000);
  loginsWhileNotPushed = site.sim.apiCost().logins - loginsBefore;
  await push(3);
  let n = 0;
  traffic = setInterval(() => {
    for (let i = 0; i < 10; i++, n++)
      site.sim.network.openConnection({ src: `192.168.10.${20 + (n % 40)}`, dst: `198.18.0.${1 + (n % 50)}`, protocol: "tcp", dstPort: 443, bytes: 1500 });
  }, 100);
}, 120_000);

afterAll(async () => {
  clearInterval(traffic);
  await monitor?.stop();
  await site?.close();
});

describe("[monitor] one poller per device", () => {
  it("says a device with nothing pushed has nothing to read, without a session", () => {
    expect(notPushed).toMatchObject({ state: "not_pushed", problem: "nothing has been pushed to this device yet", reading: null, polledBy: "monitor-a" });
    expect(loginsWhileNotPushed).toBe(0);
  });

  it("publishes an update every interval, with rates that match the router's counters", async () => {
    const updates = await nextUpdates(deviceId, 4, (u) => u.state === "ok" && u.rates?.elapsedMs !== null);
    for (const u of updates) expect(u).toMatchObject({ polledBy: "monitor-a", intervalMs: 1000, problem: null, nextAttemptAt: null });
    const gaps = updates.slice(1).map((u, i) => u.reading!.readAtMs - updates[i]!.reading!.readAtMs);
    for (const gap of gaps) between(gap, 800, 1_800);
    expect(updates.map((u) => u.seq)).toEqual(updates.map((_, i) => updates[0]!.seq + i));
    const [before, after] = updates.slice(-2) as [DeviceLive, DeviceLive];
    const elapsed = after.rates!.elapsedMs!;
    expect(elapsed).toBe(after.reading!.readAtMs - before.reading!.readAtMs);
    let newConnections = 0;
    for (const link of after.reading!.links) {
      const earlier = before.reading!.links.find((l) => l.name === link.name)!;
      const grew = Number(BigInt(link.newConnections!) - BigInt(earlier.newConnections!));
      expect(after.rates!.links[link.name]!.newPerSecond).toBeCloseTo((grew * 1000) / elapsed, 6);
      const bytes = Number(BigInt(link.out!.bytes) - BigInt(earlier.out!.bytes));
      expect(after.rates!.links[link.name]!.outBitsPerSecond).toBeCloseTo((bytes * 8 * 1000) / elapsed, 3);
      newConnections += grew;
    }
    // ~100 connections a second flow from the LAN; every one is a new connection on some link.
    expect(newConnections).toBeGreaterThan(0);
    expect(Object.values(after.rates!.rules).some((r) => (r.packetsPerSecond ?? 0) > 0)).toBe(true);
  });

  it("streams the device's snapshot, then its updates, and ends when the client goes away", async () => {
    const events = await openEvents(site.viewer, `/devices/${deviceId}/live`);
    expect(events.status).toBe(200);
    expect(events.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(events.headers.get("cache-control")).toBe("no-store, no-transform");
    const snapshot = await events.next();
    expect(snapshot?.event).toBe("snapshot");
    expect(snapshot?.data.live).toMatchObject({ deviceId, state: "ok" });
    expect(snapshot?.data.recent.length).toBeGreaterThan(0);
    const update = await events.next(3_000);
    expect(update).toMatchObject({ event: "update", data: { deviceId, state: "ok" } });
    expect(update!.data.seq).toBeGreaterThan(snapshot!.data.live.seq);
    events.abort();
    expect(await events.next(3_000)).toBeNull();
  });

  it("streams the fleet and lists it worst first", async () => {
    const fleet = await site.viewer.get("/fleet");
    expect(fleet.status).toBe(200);
    expect(fleet.json.rows).toEqual([expect.objectContaining({ deviceId, name: "sim-edge", state: "ok", links: { up: 2, degraded: 0, down: 0, unknown: 0 } })]);
    const events = await openEvents(site.viewer, "/fleet/live");
    expect((await events.next())?.data.rows).toHaveLength(1);
    expect(await events.next(3_000)).toMatchObject({ event: "row", data: { deviceId, state: "ok", openAlerts: 0 } });
    events.abort();
    expect(await events.next(3_000)).toBeNull();
  });

  it("answers GET /state from the monitor's fresh reading instead of reading the device again", async () => {
    const state = await site.viewer.get(`/devices/${deviceId}/state`);
    expect(state.status).toBe(200);
    expect(state.json.readAtMs).toBe(liveBus().latest(deviceId)?.reading?.readAtMs);
  });

  it("re-opens the watch on the plan of a newer confirmed push", async () => {
    const pushId = await push(2);
    const update = await nextUpdate(deviceId, (u) => u.state === "ok" && u.lastPush?.id === pushId, 10_000);
    expect(update.reading!.drift.drifted).toBe(false);
  });

  it("takes a changed interval within a poll or two", async () => {
    expect((await site.operator.patch(`/devices/${deviceId}/monitoring`, { pollIntervalSec: 3 })).status).toBe(200);
    const updates = await nextUpdates(deviceId, 3, (u) => u.intervalMs === 3000, 15_000);
    const gaps = updates.slice(1).map((u, i) => u.at - updates[i]!.at);
    for (const gap of gaps) between(gap, 2_500, 3_800);
    expect((await site.operator.patch(`/devices/${deviceId}/monitoring`, { pollIntervalSec: 1 })).status).toBe(200);
    await nextUpdate(deviceId, (u) => u.intervalMs === 1000);
  });

  it("refuses a bad interval, and a viewer", async () => {
    expect((await site.operator.patch(`/devices/${deviceId}/monitoring`, { pollIntervalSec: 0 })).status).toBe(422);
    expect((await site.operator.patch(`/devices/${deviceId}/monitoring`, { interval: 5 })).status).toBe(422);
    expect((await site.viewer.patch(`/devices/${deviceId}/monitoring`, { monitored: false })).status).toBe(403);
  });

  it("stops the session when the device is no longer monitored, and says so", async () => {
    expect((await site.operator.patch(`/devices/${deviceId}/monitoring`, { monitored: false })).status).toBe(200);
    await nextUpdate(deviceId, (u) => u.state === "paused", 5_000);
    expect(monitor.polled()).toEqual([]);
    expect(await site.app.db.pollLease.count()).toBe(0);
    expect(await updatesDuring(deviceId, () => sleep(2_500))).toEqual([]);
    expect((await site.viewer.get("/fleet")).json.rows[0]).toMatchObject({ state: "paused" });
    expect((await site.operator.patch(`/devices/${deviceId}/monitoring`, { monitored: true })).status).toBe(200);
    await nextUpdate(deviceId, (u) => u.state === "ok", 5_000);
  });

  it("never lets two monitors on one database poll one device at once", async () => {
    const other = new Monitor({ db: site.app.db, instanceId: "monitor-b" });
    other.start();
    try {
      const seen = await updatesDuring(deviceId, () => sleep(3_000));
      expect(seen.length).toBeGreaterThan(1);
      expect(new Set(seen.map((u) => u.polledBy))).toEqual(new Set(["monitor-a"]));
      expect(other.polled()).toEqual([]);
      await monitor.stop();
      const taken = await nextUpdate(deviceId, (u) => u.polledBy === "monitor-b" && u.state === "ok", 5_000);
      expect(taken.seq).toBeGreaterThan(0);
      expect(await site.app.db.pollLease.findUnique({ where: { deviceId } })).toMatchObject({ instanceId: "monitor-b" });
      monitor = new Monitor({ db: site.app.db, instanceId: "monitor-a" });
      monitor.start();
      await sleep(2_000);
      expect(monitor.polled()).toEqual([]);
    } finally {
      await other.stop();
    }
    await nextUpdate(deviceId, (u) => u.polledBy === "monitor-a" && u.state === "ok", 5_000);
  });

  it("retries a refused login only once a minute, and at once when the credentials change", async () => {
    const wrong = await site.admin.patch(`/devices/${deviceId}`, { password: "not-the-password" });
    expect(wrong.status, wrong.text).toBe(200);
    const failed = await nextUpdate(deviceId, (u) => u.state !== "ok", 5_000);
    expect(failed).toMatchObject({ state: "auth_failed", problem: expect.stringMatching(/^authentication failed: /) });
    expect(failed.nextAttemptAt! - failed.at).toBeGreaterThan(59_000);
    expect(failed.reading).not.toBeNull();
    const sentences = site.sim.apiCost().sentencesReceived;
    expect(await updatesDuring(deviceId, () => sleep(3_000))).toEqual([]);
    // A page asking for the state meanwhile gets the monitor's answer; nobody tries the router's login beside it.
    const state = await site.viewer.get(`/devices/${deviceId}/state`);
    expect(state.status).toBe(502);
    expect(state.json.error).toMatchObject({ code: "device_auth_failed", message: failed.problem });
    expect(site.sim.apiCost().sentencesReceived).toBe(sentences);
    expect((await site.admin.patch(`/devices/${deviceId}`, { password: "s3cret-pw" })).status).toBe(200);
    await nextUpdate(deviceId, (u) => u.state === "ok", 5_000);
    await recorder.flush();
    const events = await site.app.db.stateEvent.findMany({ where: { deviceId, subject: "device" }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.name, e.state, e.previous])).toEqual([
      ["polling", "auth_failed", "ok"],
      ["polling", "ok", "auth_failed"],
    ]);
  });

  it("backs off from an unreachable device 2 s, 4 s, 8 s apart and says why", async () => {
    await site.sim.close();
    const failures = await nextUpdates(deviceId, 3, (u) => u.state === "unreachable", 25_000);
    expect(failures[0]!.problem).toMatch(/^unreachable: /);
    const waits = failures.map((u) => u.nextAttemptAt! - u.at);
    between(waits[0]!, 1_800, 2_000);
    between(waits[1]!, 3_800, 4_000);
    between(waits[2]!, 7_800, 8_000);
    expect(failures[1]!.at - failures[0]!.at).toBeGreaterThanOrEqual(1_900);
    expect((await site.viewer.get("/fleet")).json.rows[0]).toMatchObject({ state: "unreachable", problem: expect.stringMatching(/^unreachable/) });
  }, 40_000);
});
