import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnycastLab, type AnycastLabMember, startAnycastLab } from "../../lab/anycast-lab";
import type { SiteLive } from "@/lib/domain/site/live";
import type { HistoryRecorder } from "@/lib/monitor/history/recorder";
import { Monitor } from "@/lib/monitor/monitor";
import { anycastIntent } from "@tests/support/linux/anycast-site";
import { addLabDevices, nextSiteUpdate, pushedSite, recordSiteHistory, sshLogins, stopSiteMonitorLab } from "@tests/support/sites";
import { type ApiClient, type AppEnvironment, setupAdmin, startAppEnvironment, userWithRole } from "./support";

// The site monitor against real anycast members: the anycast lab (an edge and three servers running BIRD 2 in
// namespaces, each behind its own sshd) added as devices, the site pushed through the sites API, then watched by
// the monitor: one SSH login per member however many polls (sshd's own log), the edge's forwarding per server as
// rates, a server whose check fails seen withdrawn within a few polls and written to its device's timeline,
// /metrics equal to the readings, and the history kept across a monitor restart.

let lab: AnycastLab;
let app: AppEnvironment;
let admin: ApiClient;
let operator: ApiClient;
let monitor: Monitor;
let recorder: HistoryRecorder;
let siteId: string;
const ids = new Map<string, string>();

const logins = (member: AnycastLabMember) => sshLogins(join(lab.lab.tmpDir, member.name));
const nextSite = (accept: (u: SiteLive) => boolean, timeoutMs?: number) => nextSiteUpdate(siteId, accept, timeoutMs);

const allOk = (u: SiteLive) => u.members.every((m) => m.status === "ok");
const member = (u: SiteLive, name: string) => u.members.find((m) => m.deviceName === name)!;

beforeAll(async () => {
  lab = await startAnycastLab({ label: "site-monitor" });
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  const members = [lab.edge, ...lab.servers];
  const deviceIds = await addLabDevices(admin, operator, lab.privateKey, members);
  for (const [i, m] of members.entries()) ids.set(m.name, deviceIds[i]!);
  const intent = anycastIntent(lab);
  const byLabId = (device: string) => (device === "edge" ? lab.edge.name : lab.servers[Number(device.replace("server", ""))]!.name);
  const siteMembers = intent.members.map((m) => ({ ...m, device: ids.get(byLabId(m.device))! }));
  siteId = await pushedSite(operator, { name: "web", description: "anycast under the monitor", intent: { ...intent, members: siteMembers } });
  await lab.waitForEdgeRoute((hops) => hops.length === 3, 30_000);
  recorder = recordSiteHistory(app);
}, 240_000);

afterAll(() => stopSiteMonitorLab({ monitor, recorder, siteId, app, lab }));

describe("[lab] the site monitor on an anycast site", () => {
  it("polls every member over one SSH login each, with the edge's forwarding per server as rates", async () => {
    const before = [lab.edge, ...lab.servers].map(logins);
    monitor = new Monitor({ db: app.db, instanceId: "site-lab", intervalMs: 1_000 });
    monitor.start();
    const first = await nextSite(allOk, 30_000);
    const forwarding = nextSite((u) => Object.values(member(u, lab.edge.name).rates).some((r) => (r.packetsPerSec ?? 0) > 0), 30_000);
    expect((await lab.traffic(300)).failed).toBe(0);
    const edge = member(await forwarding, lab.edge.name);
    expect(Object.keys(edge.rates).sort()).toEqual(lab.servers.map((s) => `forwarded:${ids.get(s.name)}`).sort());
    const later = await nextSite((u) => allOk(u) && u.seq >= first.seq + 8, 30_000);
    expect(later.summary).toEqual([`${lab.edge.name} spreads 192.0.2.53 over 3 of 3 servers`]);
    const after = [lab.edge, ...lab.servers].map(logins);
    expect(after.map((n, i) => n - before[i]!)).toEqual([1, 1, 1, 1]);
  }, 90_000);

  it("sees a server whose check fails withdrawn within a few polls, records it, and its return", async () => {
    const web1 = lab.servers[0]!.name;
    const stoppedAt = Date.now();
    await lab.stopService(0);
    const withdrawn = await nextSite(
      (u) => member(u, web1).reading?.role === "anycast-server" && !(member(u, web1).reading as { announced: boolean }).announced,
    );
    expect(withdrawn.atMs - stoppedAt).toBeLessThan(10_000);
    expect(withdrawn.summary[0]).toMatch(new RegExp(`^server ${web1} withdrew 192\\.0\\.2\\.53: its check fails`));
    await lab.startService(0);
    await nextSite((u) => allOk(u) && u.summary[0]!.includes("over 3 of 3"), 30_000);
    await recorder.flush();
    const events = await app.db.stateEvent.findMany({ where: { deviceId: ids.get(web1)!, subject: "route" }, orderBy: { id: "asc" } });
    expect(events.map((e) => `${e.previous}→${e.state}`)).toEqual(["announced→withdrawn", "withdrawn→announced"]);
  }, 60_000);

  it("sees a silent server's BGP session go down at the edge and records it on the edge's timeline", async () => {
    const silent = lab.servers[1]!;
    await lab.blackhole(1);
    const down = await nextSite((u) => {
      const edge = member(u, lab.edge.name).reading;
      return edge?.role === "anycast-edge" && edge.nexthops.length === 2 && edge.sessions.some((s) => s.peer === silent.address && !s.established);
    });
    expect(down.summary.some((l) => l.startsWith(`${lab.edge.name}: BGP session`) && l.includes(silent.address))).toBe(true);
    await lab.restore(1);
    await nextSite((u) => allOk(u) && u.summary[0]!.includes("over 3 of 3"), 40_000);
    await recorder.flush();
    const events = await app.db.stateEvent.findMany({ where: { deviceId: ids.get(lab.edge.name)!, subject: "bgp" }, orderBy: { id: "asc" } });
    expect(events.map((e) => `${e.previous}→${e.state}`)).toEqual(["up→down", "down→up"]);
    expect(events[0]!.name).toMatch(/^web\//);
  }, 60_000);

  it("exposes in /metrics what the members read", async () => {
    const live = await nextSite(allOk);
    const token = (await admin.post("/tokens", { name: "prometheus", role: "viewer" })).json.token as string;
    const text = (await app.client().withToken(token).get("/metrics")).text;
    const edge = member(live, lab.edge.name).reading!;
    if (edge.role !== "anycast-edge") throw new Error("edge reading");
    expect(text).toContain(`waymark_anycast_nexthops{site="web"} ${edge.nexthops.length}`);
    for (const s of edge.sessions)
      expect(text).toContain(`waymark_bgp_session_established{site="web",device="${lab.edge.name}",protocol="${s.protocol}",peer="${s.peer ?? ""}"} 1`);
    expect(text).toContain(`waymark_anycast_announced{site="web",device="${lab.servers[1]!.name}"} 1`);
    expect(text).toContain(`waymark_site_member_up{site="web",device="${lab.edge.name}",role="anycast-edge"} 1`);
  }, 30_000);

  it("keeps the site's history across a monitor restart, without a gap", async () => {
    await monitor.stop();
    const restartedAt = Date.now();
    monitor = new Monitor({ db: app.db, instanceId: "site-lab-2", intervalMs: 1_000 });
    monitor.start();
    await nextSite((u) => u.polledBy === "site-lab-2" && allOk(u), 30_000);
    await nextSite((u) => u.polledBy === "site-lab-2" && allOk(u));
    await recorder.flush();
    const trends = await operator.get(`/sites/${siteId}/trends?range=15m`);
    expect(trends.status, trends.text).toBe(200);
    const times: number[] = trends.json.times.map((t: number) => t * 1000);
    expect(times.filter((t) => t < restartedAt).length).toBeGreaterThan(10);
    expect(times.filter((t) => t > restartedAt).length).toBeGreaterThan(0);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThan(10_000);
    const web1 = trends.json.members.find((m: { deviceName: string }) => m.deviceName === lab.servers[0]!.name);
    expect(web1.bands.map((b: { state: string }) => b.state)).toEqual(expect.arrayContaining(["up", "down"]));
  }, 60_000);
});
