import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveBus } from "@/lib/live/bus";
import { Monitor } from "@/lib/monitor/monitor";
import { addPollObserver } from "@/lib/monitor/observers";
import { nextUpdate, nextUpdates, openEvents } from "./monitor-live";
import { startRouterSite, type RouterSite } from "./router-site";
import { pushFinished } from "./support";

// One kept session per device, end to end through the poller: over 100 polls of a simulated MikroTik (at 100 ms,
// so the suite stays short) the router sees one login, however many browsers watch the device live and read its
// state meanwhile: they are answered from the monitor, never by a session of their own.

let site: RouterSite;
let monitor: Monitor;

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };

beforeAll(async () => {
  site = await startRouterSite();
  const policy = await site.operator.put(`/devices/${site.deviceId}/policy`, {
    links: [
      { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 1, probe },
      { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
  });
  expect(policy.status).toBe(200);
  const started = await site.operator.post(`/devices/${site.deviceId}/push`, { reason: "session", confirmWindowSec: 20 });
  expect((await pushFinished(site.viewer, started.json.id)).status).toBe("confirmed");
}, 120_000);

afterAll(async () => {
  await monitor?.stop();
  await site?.close();
});

describe("[monitor] one session per device", () => {
  it("logs in once over 100 polls, with live pages and state reads beside it", async () => {
    const before = site.sim.apiCost().logins;
    // An observer slower than the interval must not hold the polls back, and still sees every update in order.
    let slow = true;
    const observed: number[] = [];
    addPollObserver({
      name: "slow-test-observer",
      observe: async (update) => {
        if (!slow) return;
        observed.push(update.seq);
        await new Promise((r) => setTimeout(r, 300));
      },
    });
    monitor = new Monitor({ db: site.app.db, instanceId: "session-test", intervalMs: 100 });
    monitor.start();
    const streams = await Promise.all([1, 2, 3].map(() => openEvents(site.viewer, `/devices/${site.deviceId}/live`)));
    const polls = nextUpdates(site.deviceId, 100, (u) => u.state === "ok", 60_000);
    for (let i = 0; i < 3; i++) {
      await nextUpdate(site.deviceId, (u) => u.state === "ok");
      const state = await site.viewer.get(`/devices/${site.deviceId}/state`);
      expect(state.status).toBe(200);
    }
    const startedAt = Date.now();
    const updates = await polls;
    slow = false;
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    expect(observed.length).toBeGreaterThan(3);
    expect(observed).toEqual(observed.map((_, i) => observed[0]! + i));
    expect(updates.every((u) => u.polledBy === "session-test")).toBe(true);
    for (const stream of streams) {
      expect((await stream.next())?.event).toBe("snapshot");
      expect((await stream.next())?.event).toBe("update");
      stream.abort();
    }
    expect(site.sim.apiCost().logins - before).toBe(1);
  }, 90_000);

  it("drops a deleted device from the fleet feed, the bus and the leases", async () => {
    const fleet = await openEvents(site.viewer, "/fleet/live");
    expect((await fleet.next())?.data.rows).toHaveLength(1);
    expect((await site.admin.delete(`/devices/${site.deviceId}`)).status).toBe(200);
    let event = await fleet.next(8_000);
    while (event?.event === "row") event = await fleet.next(8_000);
    expect(event).toEqual({ event: "removed", data: { deviceId: site.deviceId } });
    fleet.abort();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(monitor.polled()).toEqual([]);
    expect(liveBus().latest(site.deviceId)).toBeNull();
    expect(await site.app.db.pollLease.count()).toBe(0);
  }, 20_000);
});
