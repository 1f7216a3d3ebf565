// Two Waymark instances on one PostgreSQL share a fleet of simulated routers: each device is polled by exactly one
// instance at a time (the poll lease), each instance's live bus hears every device (LISTEN/NOTIFY), and when one
// instance is SIGKILLed its devices are polled by the other within 10 s, with no longer gap in their timeline.
// The instances are real processes (tests/support/monitor-instance.ts, the server's own start-up without HTTP);
// the routers and the API calls that set them up run here.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentInput } from "@/lib/domain/intent";
import { liveBus } from "@/lib/live/bus";
import { startPgBridge } from "@/lib/live/pg-bridge";
import { startRouterOsSimulator, type RouterOsSimulator } from "@/simulator/routeros";
import { type ApiClient, type AppEnvironment, pushFinished, setupAdmin, startAppEnvironment, userWithRole } from "./support";

type Heard = { deviceId: string; seq: number; at: number; polledBy: string; state: string; problem: string | null; heardAt: number };
type Instance = { id: string; child: ChildProcess; heard: Heard[]; ready: Promise<void>; exited: Promise<void>; stderr: () => string };

const DEVICES = 4;
const LOGIN = { name: "waymark", password: "s3cret-pw" };
const probe = { targets: ["192.0.2.10"], intervalMs: 1_000, timeoutMs: 500 };
const intent: IntentInput = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 1, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
};

let app: AppEnvironment;
let operator: ApiClient;
const sims: RouterOsSimulator[] = [];
const deviceIds: string[] = [];
const instances = new Map<string, Instance>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${diagnostics()}`);
    await sleep(50);
  }
}

function startInstance(id: string): Instance {
  const child = spawn("npx", ["tsx", "--conditions=react-server", "--tsconfig", "tsconfig.json", "tests/support/monitor-instance.ts"], {
    env: { ...process.env, DATABASE_URL: app.databaseUrl, WAYMARK_DATA_DIR: app.dataDir, WAYMARK_INSTANCE_ID: id, WAYMARK_DEMO: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: npx and tsx each start a child, and the kill must take the whole instance down.
    detached: true,
  });
  const heard: Heard[] = [];
  let stderr = "";
  let buffered = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      const message = JSON.parse(line) as { update?: Heard; ready?: string };
      if (message.update) heard.push(message.update);
      if (message.ready) markReady();
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const instance = { id, child, heard, ready, exited, stderr: () => stderr };
  instances.set(id, instance);
  return instance;
}

function diagnostics(): string {
  return [...instances.values()]
    .map((i) => `${i.id}: ${i.heard.length} updates, last ${JSON.stringify(i.heard.at(-1))}; stderr: ${i.stderr().slice(-2000)}`)
    .join("\n");
}

/** Updates polled (not only heard) by each instance, per device: the union of what every bus heard. */
function polledTimeline(deviceId: string): Heard[] {
  const seen = new Map<string, Heard>();
  for (const instance of instances.values()) for (const h of instance.heard) if (h.deviceId === deviceId) seen.set(`${h.polledBy}/${h.seq}/${h.at}`, h);
  return [...seen.values()].sort((a, b) => a.at - b.at);
}

const okFrom = (instance: Instance, deviceId: string, polledBy?: string) =>
  instance.heard.filter((h) => h.deviceId === deviceId && h.state === "ok" && (polledBy === undefined || h.polledBy === polledBy));

async function addPushedRouter(admin: ApiClient, i: number): Promise<void> {
  const bootExport = readFileSync("src/simulator/routeros/demo/edge-7.rsc", "utf8");
  const sim = await startRouterOsSimulator({ host: "127.0.0.1", version: "7.16.2", identity: `edge-${i}`, boardName: "CHR", users: [LOGIN], bootExport });
  sims.push(sim);
  const created = await admin.post("/devices", {
    kind: "routeros",
    name: `edge-${i}`,
    host: "127.0.0.1",
    port: sim.port,
    transport: "plain",
    username: LOGIN.name,
    password: LOGIN.password,
  });
  expect(created.status, created.text).toBe(201);
  const id: string = created.json.id;
  deviceIds.push(id);
  expect((await operator.put(`/devices/${id}/policy`, intent)).status).toBe(200);
  const started = await operator.post(`/devices/${id}/push`, { reason: "cluster test", confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  expect((await pushFinished(operator, started.json.id)).status).toBe("confirmed");
}

let admin: ApiClient;
const startedAt = Date.now();

// Half the routers exist before the first instance starts (it takes them all); the rest are added while both
// run, so the two race for each new device's lease.
beforeAll(async () => {
  app = await startAppEnvironment("postgresql");
  admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  for (let i = 0; i < DEVICES / 2; i++) await addPushedRouter(admin, i);
  await startInstance("instance-a").ready;
  await startInstance("instance-b").ready;
  for (let i = DEVICES / 2; i < DEVICES; i++) await addPushedRouter(admin, i);
}, 180_000);

afterAll(async () => {
  for (const instance of instances.values()) {
    if (instance.child.exitCode === null && instance.child.signalCode === null) {
      process.kill(-instance.child.pid!, "SIGKILL");
      await instance.exited;
    }
  }
  for (const sim of sims) await sim.close();
  await app?.close();
});

describe("two instances on one PostgreSQL", () => {
  it("poll each device from exactly one instance, and every instance hears every device", async () => {
    const [a, b] = [instances.get("instance-a")!, instances.get("instance-b")!];
    await until("both buses to hear three good polls of every device", () => deviceIds.every((id) => [a, b].every((i) => okFrom(i, id).length >= 3)), 60_000);
    // The routers' own count: no login at all while two more polls go by (one kept session, one poller).
    const logins = sims.map((sim) => sim.apiCost().logins);
    await sleep(4_000);
    expect(sims.map((sim) => sim.apiCost().logins)).toEqual(logins);
    const pollers = deviceIds.map((id) => new Set(polledTimeline(id).map((h) => h.polledBy)));
    console.log(`devices per instance: ${deviceIds.map((id, i) => `${id.slice(0, 8)}→${[...pollers[i]!].join("+")}`).join(", ")}`);
    for (const polledBy of pollers) expect(polledBy.size, diagnostics()).toBe(1);
    // A browser on either instance sees the devices the other one polls.
    for (const instance of [a, b])
      for (const id of deviceIds) {
        const poller = [...pollers[deviceIds.indexOf(id)]!][0]!;
        expect(okFrom(instance, id, poller).length, `${instance.id} hears ${id} from ${poller}`).toBeGreaterThanOrEqual(3);
      }
  }, 90_000);

  it("any instance's bus, here this test's own through the bridge, serves /metrics for the whole fleet from real readings", async () => {
    const bridge = await startPgBridge(app.databaseUrl);
    try {
      await until("this process's bus to hear every device", () => deviceIds.every((id) => liveBus().latest(id)?.state === "ok"), 15_000);
      const token = (await admin.post("/tokens", { name: "prometheus", role: "viewer" })).json.token as string;
      const scrape = async () => {
        const before = deviceIds.map((id) => liveBus().latest(id)!);
        const text = (await app.client().withToken(token).get("/metrics")).text;
        const same = deviceIds.every((id, i) => liveBus().latest(id)!.seq === before[i]!.seq);
        return same ? { text, live: before } : null;
      };
      let scraped = await scrape();
      while (!scraped) scraped = await scrape();
      const checked = spawnSync("promtool", ["check", "metrics"], { input: scraped.text, encoding: "utf8" });
      expect(`${checked.stdout}${checked.stderr}`.trim()).toBe("");
      expect(checked.status).toBe(0);
      for (const [i, live] of scraped.live.entries()) {
        const device = `edge-${i}`;
        expect(scraped.text).toContain(`waymark_device_up{device="${device}",kind="routeros"} 1\n`);
        for (const rule of live.reading!.rules.filter((r) => r.ownedByWaymark && r.packets !== null)) {
          const labels = `device="${device}",table="${rule.table}",chain="${rule.chain}",rule="${rule.key}"`;
          expect(scraped.text).toContain(`waymark_rule_packets_total{${labels}} ${Number(rule.packets)}\n`);
        }
        for (const link of live.reading!.links)
          expect(scraped.text).toContain(
            `waymark_link_up{device="${device}",link="${link.name}"} ${link.state === "up" || link.state === "degraded" ? 1 : 0}\n`,
          );
      }
    } finally {
      await bridge.stop();
    }
  });

  it("SIGSTOP one instance (a frozen process, a partition) past its lease: the other takes its devices within 10 s, and once thawed it polls none of them", async () => {
    const [victim, survivor] = biggerFirst();
    const handedOver = await handOver(victim, survivor, "frozen", async () => {
      process.kill(-victim.child.pid!, "SIGSTOP");
    });
    process.kill(-victim.child.pid!, "SIGCONT");
    // Thawed: its timers and the poll it had in flight run now, with leases it no longer holds.
    await sleep(6_000);
    for (const id of handedOver.moved) expect(polledTimeline(id).at(-1)!.polledBy, diagnostics()).toBe(survivor.id);
    assertNoOverlap(handedOver, victim, survivor);
    // Its bus still hears every device, polled by the other now.
    for (const id of deviceIds) expect(okFrom(victim, id, survivor.id).length, `${victim.id} hears ${id}`).toBeGreaterThan(0);
  }, 90_000);

  it("SIGKILL one instance: the other polls its devices within 10 s, with no gap longer than that", async () => {
    const [victim, survivor] = biggerFirst();
    const handedOver = await handOver(victim, survivor, "killed", async () => {
      process.kill(-victim.child.pid!, "SIGKILL");
      await victim.exited;
    });
    // Watch a few more polls, so a late poll by the dead instance (there must be none) would show.
    await sleep(5_000);
    assertNoOverlap(handedOver, victim, survivor);
    // Every device's timeline, as the survivor's bus heard it from the start, has no longer gap.
    for (const id of deviceIds) {
      const times = survivor.heard.filter((h) => h.deviceId === id && h.state === "ok").map((h) => h.at);
      expect(largestGap(times), `${id} in ${survivor.id}'s bus`).toBeLessThanOrEqual(10_000);
    }
    // Nor in its recorded history (samples and compacted blocks, as the trends API reads them), through both
    // hand-overs, from its first sample on: each instance records only the devices it polls.
    await sleep(1_500);
    for (const id of deviceIds) {
      const from = new Date(startedAt).toISOString();
      const reply = await operator.get(`/devices/${id}/trends?from=${from}&to=${new Date().toISOString()}`);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.json.resolution).toBe("raw");
      const times = (reply.json.times as number[]).map((t) => t * 1000);
      const gap = largestGap(times);
      console.log(`device ${id.slice(0, 8)}: ${times.length} samples in its history, largest gap ${gap} ms`);
      expect(times.length).toBeGreaterThan(10);
      expect(gap, `${id}'s history`).toBeLessThanOrEqual(10_000);
    }
  }, 90_000);
});

const largestGap = (times: number[]) => Math.max(...times.slice(1).map((t, i) => t - times[i]!));

const routerOf = (id: string) => sims[deviceIds.indexOf(id)]!;

const pollerOf = (id: string) => polledTimeline(id).at(-1)!.polledBy;

/** The instance that polls more devices first (when the split is even, both have something to lose). */
function biggerFirst(): [Instance, Instance] {
  const [a, b] = [instances.get("instance-a")!, instances.get("instance-b")!];
  const countOf = (i: Instance) => deviceIds.filter((id) => pollerOf(id) === i.id).length;
  return countOf(a) >= countOf(b) ? [a, b] : [b, a];
}

/** Takes `victim` out with `stop`, waits for `survivor` to poll its devices and checks the takeover time and gap. */
async function handOver(
  victim: Instance,
  survivor: Instance,
  how: string,
  stop: () => Promise<void>,
): Promise<{ moved: string[]; stoppedAt: number; loginsBefore: Map<string, number> }> {
  const orphans = deviceIds.filter((id) => pollerOf(id) === victim.id);
  expect(orphans.length).toBeGreaterThan(0);
  const loginsBefore = new Map(orphans.map((id) => [id, routerOf(id).apiCost().logins]));
  const stoppedAt = Date.now();
  await stop();
  await until(
    "the survivor to poll every orphaned device",
    () => orphans.every((id) => okFrom(survivor, id, survivor.id).some((h) => h.at > stoppedAt)),
    30_000,
  );
  for (const id of orphans) {
    const first = okFrom(survivor, id, survivor.id).find((h) => h.at > stoppedAt)!;
    const last = polledTimeline(id)
      .filter((h) => h.polledBy === victim.id && h.at < first.at)
      .at(-1)!;
    const takeoverMs = first.at - stoppedAt;
    const gapMs = first.at - last.at;
    console.log(`${victim.id} ${how}: device ${id.slice(0, 8)} polled by ${survivor.id} ${takeoverMs} ms later; gap in its timeline ${gapMs} ms`);
    expect(takeoverMs).toBeLessThanOrEqual(10_000);
    expect(gapMs).toBeLessThanOrEqual(10_000);
  }
  return { moved: orphans, stoppedAt, loginsBefore };
}

/** Exactly one poller at a time: after the survivor's first poll of a device, nothing from the victim. */
function assertNoOverlap(
  { moved, stoppedAt, loginsBefore }: { moved: string[]; stoppedAt: number; loginsBefore: Map<string, number> },
  victim: Instance,
  survivor: Instance,
): void {
  for (const id of moved) {
    // As the router counts it: the new holder's one login, and none by the old one since.
    expect(routerOf(id).apiCost().logins - loginsBefore.get(id)!, `logins on ${id}'s router since the hand-over`).toBe(1);
    const timeline = polledTimeline(id);
    const first = timeline.find((h) => h.polledBy === survivor.id && h.at > stoppedAt)!;
    const late = timeline.filter((h) => h.polledBy === victim.id && h.at > first.at);
    const around = timeline.filter((h) => h.at > stoppedAt - 5_000).map((h) => `${h.polledBy}#${h.seq}@${h.at - stoppedAt}:${h.state}`);
    expect(late, `${victim.id} polled ${id} after ${survivor.id} took it over: ${around.join(" ")}`).toEqual([]);
  }
}
