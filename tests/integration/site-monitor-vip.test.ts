import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVipLab, VIP_IF, type VipLab, type VipLabNode } from "../../lab/vip-lab";
import type { SiteLive } from "@/lib/domain/site/live";
import type { HistoryRecorder } from "@/lib/monitor/history/recorder";
import { Monitor } from "@/lib/monitor/monitor";
import { addLabDevices, nextSiteUpdate, pushedSite, recordSiteHistory, sshLogins, stopSiteMonitorLab } from "@tests/support/sites";
import { type ApiClient, type AppEnvironment, setupAdmin, startAppEnvironment, userWithRole } from "./support";

// The site monitor against a real shared virtual IP: the vip lab's three nodes (namespaces on one bridge, OpenSSH,
// nftables, the heartbeat daemon) added as devices, the site pushed through the sites API, then watched: one SSH
// login per node however many polls, the answered packets as rates while clients probe the VIP, and a node whose
// cable is pulled seen unheard by its peers within a few polls, recorded dead on its device, and alive on return.

let lab: VipLab;
let app: AppEnvironment;
let admin: ApiClient;
let operator: ApiClient;
let monitor: Monitor;
let recorder: HistoryRecorder;
let siteId: string;
const ids = new Map<string, string>();

const logins = (node: VipLabNode) => sshLogins(join(lab.lab.tmpDir, node.name));
const nextSite = (accept: (u: SiteLive) => boolean, timeoutMs?: number) => nextSiteUpdate(siteId, accept, timeoutMs);

const allOk = (u: SiteLive) => u.members.every((m) => m.status === "ok");
const healthy = (u: SiteLive) => allOk(u) && u.summary.length === 1 && u.summary[0]!.startsWith("3 nodes answer");

beforeAll(async () => {
  lab = await startVipLab({ label: "site-monitor-vip" });
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  const deviceIds = await addLabDevices(admin, operator, lab.privateKey, lab.nodes);
  for (const [i, n] of lab.nodes.entries()) ids.set(n.name, deviceIds[i]!);
  const intent = {
    kind: "shared-vip",
    vip: lab.vip,
    prefixLength: lab.prefixLength,
    check: { type: "http", port: 80, path: "/", intervalMs: 200, timeoutMs: 150 },
    members: lab.nodes.map((n) => ({ device: ids.get(n.name), role: "vip-node", interface: VIP_IF, address: n.address, nodeId: n.nodeId })),
  };
  siteId = await pushedSite(operator, { name: "web", description: "shared VIP under the monitor", intent });
  recorder = recordSiteHistory(app);
}, 240_000);

afterAll(() => stopSiteMonitorLab({ monitor, recorder, siteId, app, lab }));

describe("[lab] the site monitor on a shared virtual IP", () => {
  it("polls every node over one SSH login each, with the packets it answered as rates", async () => {
    const before = lab.nodes.map(logins);
    monitor = new Monitor({ db: app.db, instanceId: "vip-lab", intervalMs: 1_000 });
    monitor.start();
    const first = await nextSite(healthy, 30_000);
    const answering = nextSite((u) => u.members.some((m) => (m.rates.answered?.packetsPerSec ?? 0) > 0), 20_000);
    for (let i = 0; i < 4; i++) await lab.probe(300);
    await answering;
    await nextSite((u) => healthy(u) && u.seq >= first.seq + 8, 30_000);
    expect(lab.nodes.map(logins).map((n, i) => n - before[i]!)).toEqual([1, 1, 1]);
  }, 90_000);

  it("says a node whose cable is pulled is not heard by its peers within a few polls, records it dead, then alive", async () => {
    const [n1, n2, n3] = lab.nodes as [VipLabNode, VipLabNode, VipLabNode];
    const pulledAt = Date.now();
    await lab.setLink(n3, false);
    const unheard = await nextSite((u) => u.summary.some((l) => l.startsWith(`node ${n3.name} is not heard by ${n1.name} and ${n2.name}: its `)));
    expect(unheard.atMs - pulledAt).toBeLessThan(10_000);
    await lab.setLink(n3, true);
    await nextSite(healthy, 30_000);
    await recorder.flush();
    const events = await app.db.stateEvent.findMany({ where: { deviceId: ids.get(n3.name)!, subject: "node" }, orderBy: { id: "asc" } });
    expect(events.map((e) => `${e.name} ${e.previous}→${e.state}`)).toEqual(["web alive→dead", "web dead→alive"]);
    const trends = await operator.get(`/sites/${siteId}/trends?range=15m`);
    const bands = trends.json.members.find((m: { deviceName: string }) => m.deviceName === n3.name).bands.map((b: { state: string }) => b.state);
    expect(bands).toEqual(expect.arrayContaining(["up", "down"]));
  }, 60_000);
});
