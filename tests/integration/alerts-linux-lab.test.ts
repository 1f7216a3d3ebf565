// The alerts' done-when, on the Linux lab gateway: pushed with a dual-WAN policy and monitored in-process (the
// monitor, the alert observer and the delivery worker as the server runs them), with an e-mail channel to a real
// SMTP server process and a signed webhook to a real HTTP receiver, both on loopback. isp1 failing (its ISP drops
// everything, so the gateway's probes fail) gives exactly one alert on each channel and its recovery exactly one
// more; isp1 made to flap gives one grouped "flapping" alert, and once it has been stable for the window one
// "stable again".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, type WanLab } from "../../lab";
import { startPrivateSshd, type PrivateSshd } from "../../lab/private-sshd";
import type { IntentInput } from "@/lib/domain/intent";
import { startDeliveryWorker } from "@/lib/monitor/alerts/delivery-worker";
import { alertObserver } from "@/lib/monitor/alerts/observer";
import { Monitor } from "@/lib/monitor/monitor";
import { addPollObserver } from "@/lib/monitor/observers";
import { startSmtpSink, type SmtpSink } from "@tests/support/alerts/smtp-sink-process";
import { startWebhookReceiver, type WebhookReceiver } from "@tests/support/alerts/webhook-receiver";
import { addLabGateway } from "./lab-gateway";
import { nextUpdate } from "./monitor-live";
import { type ApiClient, type AppEnvironment, pushFinished, setupAdmin, startAppEnvironment, userWithRole } from "./support";

let lab: WanLab;
let sshd: PrivateSshd;
let app: AppEnvironment;
let admin: ApiClient;
let deviceId: string;
let sink: SmtpSink;
let receiver: WebhookReceiver;
let monitor: Monitor;
let stopWorker: () => void;
let channelIds: string[];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const intent = (): IntentInput => ({
  links: [
    { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
    { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
});

const isp1 = (u: { reading: { links: { name: string; state: string }[] } | null }) => u.reading?.links.find((l) => l.name === "isp1")?.state;

async function fail(): Promise<void> {
  await lab.isp("isp1").dropAll();
  await nextUpdate(deviceId, (u) => isp1(u) === "down", 30_000);
}

async function recover(): Promise<void> {
  await lab.isp("isp1").restore();
  await nextUpdate(deviceId, (u) => isp1(u) === "up", 30_000);
}

const subjects = () => sink.messages.map((m) => /^Subject: (.*)$/m.exec(m.data)?.[1] ?? "");
const hookTitles = () => receiver.accepted().map((b) => `${b.event}: ${b.alert.title}`);

async function rule(name: string, flapCount: number, cooldownSec: number): Promise<string> {
  const created = await admin.post("/alerts/rules", {
    name,
    events: ["link_down", "link_up"],
    deviceIds: [deviceId],
    channelIds,
    cooldownSec,
    flapCount,
    flapWindowMin: 1,
  });
  expect(created.status, created.text).toBe(201);
  return created.json.id;
}

beforeAll(async () => {
  lab = await startWanLab({ label: "alerts", lanClients: 1 });
  sshd = await startPrivateSshd(lab);
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  const operator = await userWithRole(app, admin, "operator");
  deviceId = (await addLabGateway(admin, operator, lab, sshd)).deviceId;
  expect((await operator.put(`/devices/${deviceId}/policy`, intent())).status).toBe(200);
  const started = await operator.post(`/devices/${deviceId}/push`, { reason: "dual WAN for the alerts", confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  expect((await pushFinished(operator, started.json.id, 90_000)).status).toBe("confirmed");
  expect((await operator.patch(`/devices/${deviceId}/monitoring`, { pollIntervalSec: 1 })).status).toBe(200);

  sink = await startSmtpSink();
  receiver = await startWebhookReceiver("lab-hook-secret");
  const mail = await admin.post("/alerts/channels", {
    name: "NOC",
    settings: {
      kind: "email",
      email: { host: "127.0.0.1", port: sink.port, security: "none", user: "", from: "waymark@example.net", to: ["noc@example.net"] },
    },
  });
  const hook = await admin.post("/alerts/channels", {
    name: "Pager",
    settings: { kind: "webhook", webhook: { url: receiver.url } },
    secret: "lab-hook-secret",
  });
  channelIds = [mail.json.id, hook.json.id];

  addPollObserver(alertObserver(app.db));
  stopWorker = startDeliveryWorker(app.db, "alerts-lab");
  monitor = new Monitor({ db: app.db, instanceId: "alerts-lab" });
  monitor.start();
  await nextUpdate(deviceId, (u) => isp1(u) === "up" && u.state === "ok", 30_000);
}, 180_000);

afterAll(async () => {
  stopWorker?.();
  await monitor?.stop();
  await sink?.stop();
  await receiver?.stop();
  await app?.close();
  await sshd?.stop();
  await lab?.stop();
});

describe("[alerts] the Linux lab gateway, monitored in-process", () => {
  it("a link failure is one alert on each channel, its recovery one more", async () => {
    const ruleId = await rule("isp links", 20, 0);
    await sleep(2_500); // the observer re-reads rules every 2 s
    await fail();
    await sink.waitFor(1);
    await receiver.waitFor(1);
    await sleep(3_000);
    expect(subjects()).toEqual(["[Waymark] lab-gateway: isp1 down"]);
    expect(hookTitles()).toEqual(["open: isp1 down"]);
    expect(sink.messages[0]?.data).toMatch(/Detected by the device: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    await recover();
    await sink.waitFor(2);
    await receiver.waitFor(2);
    await sleep(3_000);
    expect(subjects()).toEqual(["[Waymark] lab-gateway: isp1 down", "[Waymark] lab-gateway: isp1 up"]);
    expect(hookTitles()).toEqual(["open: isp1 down", "resolve: isp1 up"]);
    const alerts = (await admin.get("/alerts")).json;
    expect(alerts.open).toEqual([]);
    expect(alerts.recent[0]).toMatchObject({
      name: "isp1",
      kind: "link_down",
      deliveries: [{ status: "sent" }, { status: "sent" }, { status: "sent" }, { status: "sent" }],
    });
    expect((await admin.delete(`/alerts/rules/${ruleId}`)).status).toBe(200);
  }, 120_000);

  it("a flapping link is one grouped alert, then one 'stable again'", async () => {
    const before = sink.messages.length;
    await rule("isp flapping", 4, 300);
    await sleep(2_500);
    for (let round = 0; round < 3; round++) {
      await fail();
      await recover();
    }
    await sleep(5_000);
    const during = subjects().slice(before);
    const flapping = during.filter((s) => /isp1 flapping: \d+ transitions in 1 min/.test(s));
    expect(flapping, during.join("\n")).toHaveLength(1);
    // At most the first down and up before the grouping took over; none after it.
    expect(during.length, during.join("\n")).toBeLessThanOrEqual(3);
    expect(during.at(-1)).toMatch(/flapping/);
    const open = (await admin.get("/alerts")).json.open;
    expect(open).toEqual([expect.objectContaining({ flapping: true, name: "isp1" })]);
    expect(open[0].timeline.length).toBeGreaterThanOrEqual(6);
    await sink.waitFor(before + during.length + 1, 90_000);
    expect(subjects().at(-1)).toMatch(/^\[Waymark\] lab-gateway: isp1 stable again \(up since \d\d:\d\d:\d\d UTC\)$/);
    const deadline = Date.now() + 10_000;
    while (!hookTitles().some((t) => /stable again/.test(t)) && Date.now() < deadline) await sleep(100);
    expect(hookTitles().filter((t) => /flapping|stable again/.test(t))).toEqual([
      expect.stringMatching(/^open: isp1 flapping/),
      expect.stringMatching(/^resolve: isp1 stable again/),
    ]);
    console.log(`alerts lab, flapping: ${subjects().slice(before).join(" | ")}`);
    expect((await admin.get("/alerts")).json.open).toEqual([]);
  }, 200_000);
});
