import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeviceFailure, type MemberWatch } from "@/lib/devices";
import type { SiteLive } from "@/lib/domain/site/live";
import type { VipNodePlan } from "@/lib/domain/site/member-plan";
import { siteBus } from "@/lib/live/bus";
import { compactHistory } from "@/lib/monitor/history/compact";
import { HistoryRecorder } from "@/lib/monitor/history/recorder";
import { Monitor } from "@/lib/monitor/monitor";
import type { OpenMemberWatch } from "@/lib/monitor/sites/member-poll";
import { siteAlertObserver } from "@/lib/monitor/alerts/site-observer";
import { addSiteObserver } from "@/lib/monitor/sites/site-observers";
import { vipPlan, vipReading } from "@tests/support/site-live-fixture";
import { openEvents } from "./monitor-live";
import { type ApiClient, type AppEnvironment, linuxDevice, PROVIDERS, setupAdmin, startAppEnvironment, userWithRole } from "./support";

// The site monitor in-process on real SQLite and PostgreSQL databases: the reconcile leases the site, one
// SitePoller keeps one watch per confirmed member across polls, publishes a SiteLive with rates and a summary,
// serves it by SSE, records samples, node changes and alerts, compacts them and answers the site's trends and
// /metrics. The members' watches here are scripted shared-VIP nodes, so every step can be timed and counted
// (site-monitor-vip.test.ts and site-monitor-anycast.test.ts run the same loop against real nodes in the labs):
// each counts its polls and opens, and a "dead" node fails as an unreachable host does.

const world = { opened: 0, closed: 0, polls: 0, dead: new Set<number>() };

const openWatch: OpenMemberWatch = (_device, plan) => {
  world.opened += 1;
  const node = (plan as VipNodePlan).nodeId;
  let answered = 1_000_000n;
  const watch: MemberWatch = {
    poll: async () => {
      world.polls += 1;
      if (world.dead.has(node)) throw new DeviceFailure("unreachable", "connect EHOSTUNREACH 10.0.0.3:22");
      answered += 500n;
      const alive = [1, 2, 3].filter((n) => !world.dead.has(n));
      const owned = Array.from({ length: 12 }, (_, b) => b).filter((b) => alive[b % alive.length] === node);
      return vipReading(node, { alive, owned, answered: String(answered), at: Date.now() });
    },
    cost: () => ({ logins: 1, commands: 0, bytesFromDevice: 0, bytesToDevice: 0 }),
    close: async () => {
      world.closed += 1;
    },
  };
  return watch;
};

function nextSite(accept: (u: SiteLive) => boolean, timeoutMs = 15_000): Promise<SiteLive> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching site update in ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = siteBus().subscribe(siteId, (update) => {
      if (!accept(update)) return;
      clearTimeout(timer);
      stop();
      resolve(update);
    });
  });
}

const siteId = "site-web";
const allOk = (u: SiteLive) => u.members.every((m) => m.status === "ok");

describe.each(PROVIDERS)("on %s", (provider) => {
  let app: AppEnvironment;
  let admin: ApiClient;
  let viewer: ApiClient;
  let monitor: Monitor;
  let other: Monitor;
  let recorder: HistoryRecorder;
  const devices: string[] = [];
  const removals: (() => void)[] = [];

  beforeAll(async () => {
    app = await startAppEnvironment(provider);
    Object.assign(world, { opened: 0, closed: 0, polls: 0, dead: new Set<number>() });
    devices.length = 0;
    admin = await setupAdmin(app);
    viewer = await userWithRole(app, admin, "viewer");
    for (const n of [1, 2, 3]) {
      const created = await admin.post("/devices", linuxDevice({ name: `node-${n}` }));
      expect(created.status, created.text).toBe(201);
      devices.push(created.json.id);
    }
    await app.db.site.create({
      data: {
        id: siteId,
        name: "web",
        kind: "shared-vip",
        intent: "{}",
        updatedBy: "site-monitor-test",
        members: {
          create: devices.map((deviceId, i) => ({
            deviceId,
            role: "vip-node",
            appliedPlan: JSON.stringify(vipPlan(i + 1)),
            appliedHash: `hash-${i + 1}`,
            confirmedAt: new Date(),
          })),
        },
      },
    });
    recorder = new HistoryRecorder(() => app.db);
    removals.push(addSiteObserver({ ...recorder.siteObserver, name: `history-${provider}` }));
    removals.push(addSiteObserver({ ...siteAlertObserver(app.db), name: `alerts-${provider}` }));
    // Alerts are judged and recorded with their deliveries; no delivery worker runs here, so nothing is sent.
    const hook = await admin.post("/alerts/channels", {
      name: "NOC hook",
      settings: { kind: "webhook", webhook: { url: "http://127.0.0.1:9/hook" } },
      secret: "hook-secret-1",
    });
    expect(hook.status, hook.text).toBe(201);
    const rule = await admin.post("/alerts/rules", {
      name: "vip nodes",
      events: ["site_node_dead", "site_node_alive"],
      deviceIds: null,
      channelIds: [hook.json.id],
      cooldownSec: 0,
    });
    expect(rule.status, rule.text).toBe(201);
    monitor = new Monitor({ db: app.db, instanceId: "sites-a", intervalMs: 300, openMemberWatch: openWatch });
    monitor.start();
  }, 60_000);

  afterAll(async () => {
    await other?.stop();
    await monitor?.stop();
    for (const remove of removals) remove();
    siteBus().forget(siteId);
    await app?.close();
  });

  describe("[site monitor] a shared VIP of three nodes", () => {
    it("is leased, polled over one watch per member across many polls, with rates and a summary", async () => {
      const first = await nextSite(allOk);
      expect(first.members.map((m) => [m.deviceName, m.role, m.status])).toEqual([
        ["node-1", "vip-node", "ok"],
        ["node-2", "vip-node", "ok"],
        ["node-3", "vip-node", "ok"],
      ]);
      const later = await nextSite((u) => allOk(u) && u.seq >= first.seq + 8);
      const rate = later.members[0]!.rates.answered!.packetsPerSec!;
      expect(rate).toBeGreaterThan(0);
      expect(later.summary).toEqual(["3 nodes answer 192.0.2.10, all 12 buckets covered once"]);
      expect(later.polledBy).toBe("sites-a");
      expect(world.opened).toBe(3);
      expect(monitor.polledSites()).toEqual([siteId]);
    }, 30_000);

    it("leaves the site to the instance holding its lease", async () => {
      other = new Monitor({ db: app.db, instanceId: "sites-b", intervalMs: 300, openMemberWatch: openWatch });
      other.start();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(other.polledSites()).toEqual([]);
      const update = await nextSite(() => true);
      expect(update.polledBy).toBe("sites-a");
    }, 20_000);

    it("streams a snapshot with recent rates, then each update, by Server-Sent Events", async () => {
      const events = await openEvents(viewer, `/sites/${siteId}/live`);
      expect(events.status).toBe(200);
      expect(events.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const snapshot = await events.next();
      expect(snapshot?.event).toBe("snapshot");
      expect(snapshot?.data.live.siteId).toBe(siteId);
      expect(snapshot?.data.recent.length).toBeGreaterThan(3);
      expect(Object.keys(snapshot?.data.recent.at(-1).members)).toEqual(devices);
      const update = await events.next();
      expect(update?.event).toBe("update");
      expect(update?.data.seq).toBeGreaterThan(snapshot?.data.live.seq);
      events.abort();
      expect((await openEvents(viewer, "/sites/no-such-site/live")).status).toBe(404);
    }, 20_000);

    it("says within a few polls that a killed node cannot be read and is not heard, and records it dead, then alive", async () => {
      const killedAt = Date.now();
      world.dead.add(3);
      const seen = await nextSite((u) => u.members[2]!.status === "unreachable" && u.summary.some((l) => l.includes("is not heard")));
      expect(seen.atMs - killedAt).toBeLessThan(5_000);
      expect(seen.summary).toEqual([
        expect.stringMatching(/^node-3 cannot be read: unreachable: connect EHOSTUNREACH 10\.0\.0\.3:22, next try in \d+ s$/),
        "node node-3 is not heard by node-1 and node-2: its 4 buckets moved",
      ]);
      expect(seen.members[2]!.nextAttemptAt).toBeGreaterThan(seen.atMs);
      world.dead.delete(3);
      await nextSite((u) => allOk(u) && u.summary[0]!.startsWith("3 nodes"), 20_000);
      await recorder.flush();
      const events = await app.db.stateEvent.findMany({ where: { deviceId: devices[2]!, subject: "node" }, orderBy: { id: "asc" } });
      expect(events.map((e) => [e.name, e.previous, e.state])).toEqual([
        ["web", "alive", "dead"],
        ["web", "dead", "alive"],
      ]);
      const alerts = await app.db.alert.findMany({ where: { deviceId: devices[2]! }, include: { deliveries: true } });
      expect(alerts.map((a) => [a.subject, a.name, a.kind, a.resolvedAt !== null])).toEqual([["node", "web", "site_node_dead", true]]);
      expect(alerts[0]!.message).toBe("site web: node dead");
      expect(alerts[0]!.deliveries.length).toBeGreaterThan(0);
    }, 40_000);

    it("opens a member's watch again after a newer confirmed push of it, and only that one", async () => {
      const opened = world.opened;
      await app.db.siteMember.update({
        where: { siteId_deviceId: { siteId, deviceId: devices[0]! } },
        data: { appliedHash: "hash-1b", confirmedAt: new Date() },
      });
      const deadline = Date.now() + 10_000;
      while (world.opened === opened && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(world.opened).toBe(opened + 1);
    }, 15_000);

    it("keeps the polls as site samples, compacted into blocks, and answers the site's trends and /metrics", async () => {
      await recorder.flush();
      const samples = await app.db.siteSample.count({ where: { siteId } });
      expect(samples).toBeGreaterThan(10);
      const trends = await viewer.get(`/sites/${siteId}/trends?range=15m`);
      expect(trends.status, trends.text).toBe(200);
      expect(trends.json.resolution).toBe("raw");
      expect(trends.json.times.length).toBeGreaterThan(10);
      const node3 = trends.json.members.find((m: { deviceName: string }) => m.deviceName === "node-3");
      expect(node3.bands.map((b: { state: string }) => b.state)).toEqual(expect.arrayContaining(["up", "unreachable"]));
      expect(node3.series.packetsPerSecond.some((v: number | null) => v !== null && v > 0)).toBe(true);
      expect(trends.json.events.map((e: { deviceName: string; state: string }) => `${e.deviceName} ${e.state}`)).toEqual(["node-3 dead", "node-3 alive"]);
      expect((await viewer.get(`/sites/${siteId}/trends?range=2h`)).status).toBe(422);

      const compacted = await compactHistory(app.db, Date.now() + 2 * 60_000);
      expect(compacted.sites).toBe(1);
      expect(await app.db.siteSample.count({ where: { siteId } })).toBe(0);
      const after = await viewer.get(`/sites/${siteId}/trends?range=15m`);
      expect(after.json.times.length).toBeGreaterThanOrEqual(trends.json.times.length);

      const token = (await admin.post("/tokens", { name: "prometheus", role: "viewer" })).json.token as string;
      const metrics = (await app.client().withToken(token).get("/metrics")).text;
      expect(metrics).toContain('waymark_site_member_up{site="web",device="node-3",role="vip-node"} 1');
      expect(metrics).toMatch(/waymark_vip_buckets_owned\{site="web",device="node-1"\} 4/);
    }, 30_000);
  });
});
