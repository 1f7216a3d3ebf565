// A failover drill on a simulated MikroTik router through the API: a filter rule drops isp-a's netwatch answers,
// netwatch itself takes the link down and its script moves new connections to isp-b, the drill times both from
// what the router reports, lifts the block and sees the link come back; the row keeps the timings. The router's
// own scheduler job lifts a block the dashboard never lifted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentInput } from "@/lib/domain/intent";
import { driverFor } from "@/lib/devices";
import { readStoredPlan } from "@/lib/services/pushes/stored-plan";
import type { RouterOsSimulator } from "@/simulator/routeros";
import { pushFinished, type ApiClient } from "./support";
import { startRouterSite, type RouterSite } from "./router-site";

let site: RouterSite;
let sim: RouterOsSimulator;
let operator: ApiClient;
let viewer: ApiClient;
let deviceId: string;
let traffic: NodeJS.Timeout | undefined;

// One missed 1 s netwatch test takes a link down (v7 "simple"): detection within about 1.5 s.
const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500, downCount: 1, upCount: 1 };
const intent: IntentInput = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 1, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
};

const drillRules = () => sim.device.config.table("ip/firewall/filter").items.filter((i) => (i.props.comment ?? "").startsWith("waymark:drill:"));
const drillJobs = () => sim.device.config.table("system/scheduler").items.filter((i) => i.props.name === "waymark-drill");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** LAN clients opening a connection every 50 ms (60 kB each: far above what netwatch's pings send). */
function startTraffic(): void {
  let n = 0;
  traffic = setInterval(() => {
    n += 1;
    sim.network.openConnection({ src: `192.168.10.${20 + (n % 200)}`, dst: `198.18.0.${1 + (n % 50)}`, protocol: "tcp", dstPort: 443, bytes: 60_000 });
  }, 50);
}

beforeAll(async () => {
  site = await startRouterSite();
  ({ sim, operator, viewer, deviceId } = site);
  expect((await operator.put(`/devices/${deviceId}/policy`, intent)).status).toBe(200);
  const started = await operator.post(`/devices/${deviceId}/push`, { reason: "dual WAN for the drill", confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  expect((await pushFinished(viewer, started.json.id)).status).toBe("confirmed");
  // Netwatch's first verdicts (v7 start-delay 3 s) before anything is drilled.
  for (let i = 0; i < 40; i += 1) {
    const state = await viewer.get(`/devices/${deviceId}/state`);
    if (state.json.links?.every((l: { state: string }) => l.state === "up")) break;
    await sleep(250);
  }
}, 90_000);

afterAll(async () => {
  if (traffic) clearInterval(traffic);
  await site?.close();
});

describe("[drills] a MikroTik router through the API", () => {
  it("refuses a viewer, an unknown link and a duration out of range", async () => {
    expect((await viewer.post(`/devices/${deviceId}/drills`, { link: "isp-a", durationS: 10 })).status).toBe(403);
    const unknown = await operator.post(`/devices/${deviceId}/drills`, { link: "isp-z", durationS: 10 });
    expect(unknown.status).toBe(412);
    expect(unknown.json.error.message).toMatch(/has no link isp-z/);
    expect((await operator.post(`/devices/${deviceId}/drills`, { link: "isp-a", durationS: 5 })).status).toBe(422);
    expect((await operator.post(`/devices/${deviceId}/drills`, { link: "isp-a", durationS: 10, extra: 1 })).status).toBe(422);
  });

  it("times detection and the switch from what the router reports, restores the link and keeps the result", async () => {
    startTraffic();
    const started = await operator.post(`/devices/${deviceId}/drills`, { link: "isp-a", durationS: 10 });
    expect(started.status, started.text).toBe(201);
    expect(started.json).toMatchObject({ link: "isp-a", durationS: 10, outcome: "running", actorName: "operator-user" });
    // One at a time per device, and never beside a push.
    expect((await operator.post(`/devices/${deviceId}/drills`, { link: "isp-b", durationS: 10 })).status).toBe(409);
    expect((await operator.post(`/devices/${deviceId}/push`, { reason: "during the drill" })).status).toBe(409);
    await sleep(1_000);
    expect(drillRules()).toHaveLength(1);
    expect(drillRules()[0]!.props).toMatchObject({ chain: "input", "in-interface": "wan1", protocol: "icmp", action: "drop" });
    expect(drillJobs()).toHaveLength(1);

    const drill = (await viewer.get(`/drills/${started.json.id}?wait=60`)).json;
    console.log(`routeros drill: ${drill.detail}`);
    expect(drill.outcome, JSON.stringify(drill.events, null, 1)).toBe("passed");
    expect(drill.events.map((e: { phase: string }) => e.phase)).toEqual(["started", "blocked", "detected", "switched", "restored", "recovered"]);
    // Netwatch: one 1 s test and its 0.5 s timeout, plus the time to the next 200 ms reading.
    expect(drill.detectionMs).toBeGreaterThan(0);
    expect(drill.detectionMs).toBeLessThan(3_000);
    expect(drill.switchMs).toBeGreaterThanOrEqual(drill.detectionMs);
    expect(drill.switchMs).toBeLessThan(4_000);
    expect(drill.recoveryMs).not.toBeNull();
    expect(drillRules()).toEqual([]);
    expect(drillJobs()).toEqual([]);

    const list = (await viewer.get(`/devices/${deviceId}/drills`)).json;
    expect(list[0]).toMatchObject({ id: drill.id, outcome: "passed", detectionMs: drill.detectionMs });
    const audit = await site.app.db.auditEvent.findMany({ where: { action: { in: ["drill.start", "drill.end"] }, outcome: "ok" } });
    expect(audit.map((a) => a.action).sort()).toEqual(["drill.end", "drill.start"]);
  }, 90_000);

  it("lets the router's own scheduler job lift a block nobody restores", async () => {
    const device = await site.app.db.device.findUniqueOrThrow({ where: { id: deviceId } });
    const push = await site.app.db.push.findFirstOrThrow({ where: { deviceId, status: "confirmed" } });
    const plan = readStoredPlan(push.id, push.plan)!;
    const driver = driverFor(
      { kind: "routeros", host: "127.0.0.1", port: sim.port, transport: "plain", username: "waymark", password: "s3cret-pw" },
      device.version,
    );
    await driver.blockProbes(plan, { link: "isp-b", expiresAfterSec: 2 });
    expect(drillRules()).toHaveLength(1);
    await sleep(3_500);
    expect(drillRules()).toEqual([]);
    expect(drillJobs()).toEqual([]);
  }, 30_000);

  it("times no switch for a standby link: it had no new connections to move", async () => {
    const tiered = structuredClone(intent);
    tiered.links[1]!.tier = 2;
    expect((await operator.put(`/devices/${deviceId}/policy`, tiered)).status).toBe(200);
    const started = await operator.post(`/devices/${deviceId}/push`, { reason: "isp-b as standby", confirmWindowSec: 20 });
    expect((await pushFinished(viewer, started.json.id)).status).toBe("confirmed");
    for (let i = 0; i < 40; i += 1) {
      const state = await viewer.get(`/devices/${deviceId}/state`);
      if (state.json.links?.every((l: { state: string }) => l.state === "up")) break;
      await sleep(250);
    }
    const drill = (await operator.post(`/devices/${deviceId}/drills?wait=60`, { link: "isp-b", durationS: 10 })).json;
    expect(drill.outcome, JSON.stringify(drill.events)).toBe("passed");
    expect(drill.detectionMs).not.toBeNull();
    expect(drill.switchMs).toBeNull();
    expect(drill.events.find((e: { phase: string }) => e.phase === "no-traffic").detail).toMatch(/isp-b is a standby link/);
  }, 90_000);
});
