import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POOL_LAB, type PoolLab, startPoolLab } from "../../lab/pool";
import type { IntentInput } from "@/lib/domain/intent";
import { liveBus } from "@/lib/live/bus";
import { Monitor } from "@/lib/monitor/monitor";
import { addLabGateway } from "./lab-gateway";
import { nextUpdate } from "./monitor-live";
import { type ApiClient, type AppEnvironment, pushFinished, setupAdmin, startAppEnvironment, userWithRole } from "./support";

// A Linux gateway's server pool in /metrics, as a MikroTik's: the pool lab (nftables dnat through maps, the
// on-gateway backend checks, conntrack) pushed through the API and polled by the monitor, then scraped: one series
// per backend (up, state, new connections, open connections) equal to what the monitor read, and promtool accepts it.

let lab: PoolLab;
let app: AppEnvironment;
let admin: ApiClient;
let monitor: Monitor;
let deviceId: string;

beforeAll(async () => {
  lab = await startPoolLab({ label: "metrics-pools" });
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  const operator = await userWithRole(app, admin, "operator");
  deviceId = (await addLabGateway(admin, operator, lab.wan, lab.sshd)).deviceId;
  const intent: IntentInput = {
    links: [
      { name: "isp1", interface: "wan1", gateway: "198.51.100.1", probe: { targets: [...lab.wan.probeTargets] } },
      { name: "isp2", interface: "wan2", gateway: "203.0.113.1", probe: { targets: [...lab.wan.probeTargets] } },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: [lab.wan.lanSubnet] },
    inbound: {
      pools: [
        {
          name: "web",
          listen: { interface: POOL_LAB.vipInterface, address: POOL_LAB.vip, protocol: "tcp", port: POOL_LAB.vipPort },
          probe: { type: "http", path: "/healthz", intervalMs: 300, timeoutMs: 200, downCount: 2, upCount: 2 },
          backends: lab.backends.map((b) => ({ name: b.name, address: b.address, port: b.port, weight: 1, state: "active" as const })),
        },
      ],
    },
  };
  const saved = await operator.put(`/devices/${deviceId}/policy`, intent);
  expect(saved.status, saved.text).toBe(200);
  const started = await operator.post(`/devices/${deviceId}/push`, { reason: "pools in metrics", confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  expect((await pushFinished(operator, started.json.id, 90_000)).status).toBe("confirmed");
}, 240_000);

afterAll(async () => {
  await monitor?.stop();
  liveBus().forget(deviceId);
  await app?.close();
  await lab?.stop();
});

describe("[lab] /metrics for a Linux gateway's pool", () => {
  it("has one series per backend equal to the monitor's reading, and passes promtool", async () => {
    monitor = new Monitor({ db: app.db, instanceId: "pools-metrics", intervalMs: 1_000 });
    monitor.start();
    await nextUpdate(deviceId, (u) => u.state === "ok" && (u.reading?.backends.every((b) => b.probe === "up") ?? false), 30_000);
    expect((await lab.count(60)).failed).toBe(0);
    const live = await nextUpdate(deviceId, (u) => (u.reading?.backends.reduce((sum, b) => sum + Number(b.newConnections ?? 0), 0) ?? 0) >= 60, 20_000);
    const token = (await admin.post("/tokens", { name: "prometheus", role: "viewer" })).json.token as string;
    // The scrape answers from the bus: stop polling so the reading it shows is the one compared.
    await monitor.stop();
    const text = (await app.client().withToken(token).get("/metrics")).text;
    const latest = liveBus().latest(deviceId)!;
    expect(latest.reading!.backends.length).toBe(lab.backends.length);
    expect(latest.seq).toBeGreaterThanOrEqual(live.seq);
    for (const b of latest.reading!.backends) {
      const labels = `device="lab-gateway",pool="web",backend="${b.name}"`;
      expect(text).toContain(`waymark_backend_up{${labels}} 1`);
      expect(text).toContain(`waymark_backend_state{${labels},state="up"} 1`);
      expect(text).toContain(`waymark_backend_new_connections_total{${labels}} ${Number(b.newConnections)}`);
      expect(text).toContain(`waymark_backend_open_connections{${labels}} ${b.openConnections}`);
    }
    const checked = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(`${checked.stdout}${checked.stderr}`.trim()).toBe("");
    expect(checked.status).toBe(0);
  }, 90_000);
});
