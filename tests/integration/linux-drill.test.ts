// A failover drill on the Linux lab gateway through the API (real sshd, nftables, the on-gateway monitor): the
// drill's own nft table drops isp1's probe answers, the monitor fails isp1 over by itself, and the drill times the
// detection (against the probe's own detection time) and the switch of new LAN connections to isp2, restores and
// sees isp1 come back. A dashboard killed mid-drill leaves nothing blocked: the gateway's own expiry lifts the
// block, and the settler records the drill as aborted.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, type WanLab } from "../../lab";
import { startPrivateSshd, type PrivateSshd } from "../../lab/private-sshd";
import { DRILL_EXPIRY_MARGIN_S } from "@/lib/domain/drill";
import { detectionTimeMs, ZProbe, type IntentInput } from "@/lib/domain/intent";
import { connectSsh } from "@/lib/devices/linux/ssh-client";
import { settleInterruptedDrills } from "@/lib/services/drills";
import { pushFinished, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";
import { addLabGateway } from "./lab-gateway";

let lab: WanLab;
let sshd: PrivateSshd;
let app: AppEnvironment;
let operator: ApiClient;
let viewer: ApiClient;
let deviceId: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const intent = (): IntentInput => ({
  links: [
    { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
    { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
});

async function onGateway(script: string): Promise<string> {
  const ssh = await connectSsh({
    host: sshd.host,
    port: sshd.port,
    username: "root",
    auth: { method: "key", privateKey: lab.privateKey },
    pinnedHostKey: lab.hostKeyFingerprint,
    timeoutMs: 10_000,
  });
  try {
    return (await ssh.exec(["sh", "-c", script], { timeoutMs: 20_000 })).stdout;
  } finally {
    ssh.close();
  }
}

const drillTable = async () => (await onGateway("nft list table inet waymark_drill >/dev/null 2>&1 && echo yes || echo no")).trim() === "yes";

async function blocked(drillId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const drill = (await viewer.get(`/drills/${drillId}`)).json;
    if (drill.events.some((e: { phase: string }) => e.phase === "blocked") || Date.now() > deadline) return;
    await sleep(100);
  }
}

/** LAN clients opening short connections until stopped, each loop on its own so one cut flow stalls only it. */
function traffic(): () => Promise<void> {
  let running = true;
  const loops = lab.clients.flatMap((client) =>
    [1, 2, 3, 4].map(async () => {
      while (running) await client.connect({ count: 1, timeoutMs: 500 }).catch(() => undefined);
    }),
  );
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

beforeAll(async () => {
  lab = await startWanLab({ label: "api-drill", lanClients: 2 });
  sshd = await startPrivateSshd(lab);
  app = await startAppEnvironment("sqlite");
  const admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  viewer = await userWithRole(app, admin, "viewer");
  deviceId = (await addLabGateway(admin, operator, lab, sshd)).deviceId;
  expect((await operator.put(`/devices/${deviceId}/policy`, intent())).status).toBe(200);
  const started = await operator.post(`/devices/${deviceId}/push`, { reason: "dual WAN for the drill", confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  expect((await pushFinished(viewer, started.json.id, 90_000)).status).toBe("confirmed");
}, 120_000);

afterAll(async () => {
  await app?.close();
  await sshd?.stop();
  await lab?.stop();
});

describe("[drills] a Linux gateway through the API", () => {
  it("times the monitor's detection and the switch to isp2, restores isp1 and keeps the result", async () => {
    const stop = traffic();
    let drill: any;
    try {
      const started = await operator.post(`/devices/${deviceId}/drills`, { link: "isp1", durationS: 10 });
      expect(started.status, started.text).toBe(201);
      await blocked(started.json.id);
      expect(await drillTable()).toBe(true);
      drill = (await viewer.get(`/drills/${started.json.id}?wait=90`)).json;
    } finally {
      await stop();
    }
    console.log(`linux drill: ${drill.detail}`);
    expect(drill.outcome, JSON.stringify(drill.events, null, 1)).toBe("passed");
    expect(drill.events.map((e: { phase: string }) => e.phase)).toEqual(["started", "blocked", "detected", "switched", "restored", "recovered"]);
    // Within the probe's own detection time (3 rounds of 300 ms, 250 ms timeout; the monitor takes a link with a
    // clean record down a round early), plus a reading's worth of slack.
    const expected = detectionTimeMs(ZProbe.parse({ targets: [...lab.probeTargets] }));
    expect(drill.detectionMs).toBeGreaterThan(0);
    expect(drill.detectionMs).toBeLessThan(expected.maxMs + 1_500);
    expect(drill.switchMs).toBeGreaterThanOrEqual(drill.detectionMs);
    expect(drill.switchMs).toBeLessThan(drill.detectionMs + 3_000);
    expect(drill.recoveryMs).not.toBeNull();
    expect(await drillTable()).toBe(false);
    const state = (await viewer.get(`/devices/${deviceId}/state`)).json;
    // Up again; its loss window may still remember the drill for a while (degraded).
    expect(state.links.map((l: { state: string }) => l.state)).toEqual([expect.stringMatching(/^(up|degraded)$/), "up"]);
  }, 120_000);

  it("says 'no traffic to observe' instead of a switch time when no LAN client sends anything", async () => {
    const drill = (await operator.post(`/devices/${deviceId}/drills?wait=90`, { link: "isp2", durationS: 10 })).json;
    expect(drill.outcome, JSON.stringify(drill.events, null, 1)).toBe("passed");
    expect(drill.switchMs).toBeNull();
    expect(drill.events.map((e: { phase: string }) => e.phase)).toContain("no-traffic");
    expect(drill.detail).toMatch(/no traffic to observe/);
  }, 120_000);

  it("leaves nothing blocked when the dashboard dies mid-drill: the gateway lifts the block, the drill is recorded aborted", async () => {
    const child = spawn("npx", ["tsx", "--conditions=react-server", "tests/support/drill-worker.ts", deviceId, "isp1", "10"], {
      env: { ...process.env, DATABASE_URL: app.databaseUrl, WAYMARK_DATA_DIR: app.dataDir },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    const deadline = Date.now() + 60_000;
    let drillId: string | undefined;
    while (!drillId && Date.now() < deadline) {
      const row = await app.db.failoverDrill.findFirst({ where: { deviceId, outcome: "running" } });
      if (row && JSON.parse(row.events).some((e: { phase: string }) => e.phase === "blocked")) drillId = row.id;
      else await sleep(50);
    }
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    expect(drillId).toBeDefined();
    expect(await drillTable()).toBe(true);
    // Nobody restores: the gateway's own expiry (the drill's time plus a margin) does.
    const expiry = Date.now() + (10 + DRILL_EXPIRY_MARGIN_S + 5) * 1000;
    while ((await drillTable()) && Date.now() < expiry) await sleep(1_000);
    expect(await drillTable()).toBe(false);
    // The lock's heartbeat stopped with the process; "a minute later" makes it stale without waiting 20 s.
    expect(await settleInterruptedDrills(app.db, new Date(Date.now() + 60_000))).toBe(1);
    const drill = (await viewer.get(`/drills/${drillId}`)).json;
    expect(drill.outcome).toBe("aborted");
    expect(drill.detail).toMatch(/the dashboard stopped during the drill/);
    // The device is free again: a new drill may start.
    expect(await app.db.deviceLock.count({ where: { deviceId } })).toBe(0);
  }, 120_000);
});
