import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVipLab, VIP_IF, type VipLab, type VipLabNode } from "../../lab/vip-lab";
import type { SiteLive } from "@/lib/domain/site/live";
import { siteBus } from "@/lib/live/bus";
import { HistoryRecorder } from "@/lib/monitor/history/recorder";
import { Monitor } from "@/lib/monitor/monitor";
import { addSiteObserver } from "@/lib/monitor/sites/site-observers";
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

const logins = (node: VipLabNode) =>
  readFileSync(join(lab.lab.tmpDir, node.name, "sshd-private.log"), "utf8")
    .split("\n")
    .filter((l) => l.includes("Accepted publickey")).length;

function nextSite(accept: (u: SiteLive) => boolean, timeoutMs = 20_000): Promise<SiteLive> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching site update in ${timeoutMs} ms; last: ${JSON.stringify(siteBus().latest(siteId)?.summary)}`));
    }, timeoutMs);
    const stop = siteBus().subscribe(siteId, (update) => {
      if (!accept(update)) return;
      clearTimeout(timer);
      stop();
      resolve(update);
    });
  });
}

const allOk = (u: SiteLive) => u.members.every((m) => m.status === "ok");
const healthy = (u: SiteLive) => allOk(u) && u.summary.length === 1 && u.summary[0]!.startsWith("3 nodes answer");

beforeAll(async () => {
  lab = await startVipLab({ label: "site-monitor-vip" });
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  for (const n of lab.nodes) {
    const created = await admin.post("/devices", {
      kind: "linux",
      name: n.name,
      host: n.host,
      port: n.port,
      username: "root",
      auth: { method: "key", privateKey: lab.privateKey },
    });
    expect(created.status, created.text).toBe(201);
    const check = await operator.post(`/devices/${created.json.id}/test-connection`);
    expect(check.json.check, check.text).toMatchObject({ status: "reachable" });
    ids.set(n.name, created.json.id);
  }
  const intent = {
    kind: "shared-vip",
    vip: lab.vip,
    prefixLength: lab.prefixLength,
    check: { type: "http", port: 80, path: "/", intervalMs: 200, timeoutMs: 150 },
    members: lab.nodes.map((n) => ({ device: ids.get(n.name), role: "vip-node", interface: VIP_IF, address: n.address, nodeId: n.nodeId })),
  };
  const created = await operator.post("/sites", { name: "web", description: "shared VIP under the monitor", intent });
  expect(created.status, created.text).toBe(201);
  siteId = created.json.id;
  const started = await operator.post(`/sites/${siteId}/pushes`, { reason: "site monitor lab", confirmWindowSec: 30 });
  expect(started.status, started.text).toBe(201);
  const pushed = await operator.get(`/sites/${siteId}/pushes/${started.json.pushId}?wait=90`);
  expect(pushed.json.status, pushed.text).toBe("confirmed");
  recorder = new HistoryRecorder(() => app.db);
  addSiteObserver(recorder.siteObserver);
}, 240_000);

afterAll(async () => {
  await monitor?.stop();
  await recorder?.stop();
  if (siteId) siteBus().forget(siteId);
  await app?.close();
  await lab?.stop();
});

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
