import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, type WanLab } from "../../lab";
import { startPrivateSshd, type PrivateSshd } from "../../lab/private-sshd";
import type { IntentInput } from "@/lib/domain/intent";
import { HistoryRecorder } from "@/lib/monitor/history/recorder";
import { Monitor } from "@/lib/monitor/monitor";
import { addPollObserver } from "@/lib/monitor/observers";
import { addLabGateway } from "./lab-gateway";
import { nextUpdate, nextUpdates } from "./monitor-live";
import { type AppEnvironment, pushFinished, setupAdmin, startAppEnvironment, userWithRole } from "./support";

// The monitor against the Linux lab gateway (sshd, nftables, conntrack and the on-device monitor in network
// namespaces): polls at the device's interval over one SSH login, rates as traffic flows, and a cut link seen
// down within a few intervals and written to the timeline.

let lab: WanLab;
let sshd: PrivateSshd;
let app: AppEnvironment;
let deviceId: string;
let monitor: Monitor;
let recorder: HistoryRecorder;

const logins = () =>
  readFileSync(path.join(lab.lab.tmpDir, `sshd-private-${sshd.port}.log`), "utf8")
    .split("\n")
    .filter((l) => l.includes("Accepted publickey")).length;

beforeAll(async () => {
  lab = await startWanLab({ label: "monitor", lanClients: 1 });
  sshd = await startPrivateSshd(lab);
  app = await startAppEnvironment("sqlite");
  const admin = await setupAdmin(app);
  const operator = await userWithRole(app, admin, "operator");
  deviceId = (await addLabGateway(admin, operator, lab, sshd)).deviceId;
  const probe = { targets: [...lab.probeTargets], intervalMs: 500, timeoutMs: 400 };
  const intent: IntentInput = {
    links: [
      { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 1, probe },
      { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
  };
  expect((await operator.put(`/devices/${deviceId}/policy`, intent)).status, "policy").toBe(200);
  const started = await operator.post(`/devices/${deviceId}/push`, { reason: "monitor", confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  expect((await pushFinished(operator, started.json.id, 90_000)).status).toBe("confirmed");
  expect((await operator.patch(`/devices/${deviceId}/monitoring`, { pollIntervalSec: 1 })).status).toBe(200);
  recorder = new HistoryRecorder(() => app.db);
  addPollObserver(recorder.observer);
}, 180_000);

afterAll(async () => {
  await monitor?.stop();
  await app?.close();
  await sshd?.stop();
  await lab?.stop();
});

describe("[monitor] a Linux gateway", () => {
  it("is polled every second over one SSH login", async () => {
    const before = logins();
    monitor = new Monitor({ db: app.db, instanceId: "linux-test" });
    monitor.start();
    const updates = await nextUpdates(deviceId, 10, (u) => u.state === "ok", 40_000);
    const gaps = updates.slice(1).map((u, i) => u.reading!.readAtMs - updates[i]!.reading!.readAtMs);
    for (const gap of gaps) expect(gap).toBeLessThan(2_000);
    expect(updates.at(-1)!.reading!.links.map((l) => [l.name, l.state])).toEqual([
      ["isp1", "up"],
      ["isp2", "up"],
    ]);
    expect(updates.at(-1)!.rates!.elapsedMs).toBeGreaterThan(0);
    expect(logins() - before).toBe(1);
  }, 60_000);

  it("sees a cut link down within a few intervals and writes it to the timeline", async () => {
    const cutAt = Date.now();
    await lab.isp("isp1").cutLink();
    const down = await nextUpdate(deviceId, (u) => u.reading?.links.find((l) => l.name === "isp1")?.state === "down", 20_000);
    expect(down.at - cutAt).toBeLessThan(10_000);
    await lab.isp("isp1").restoreLink();
    await nextUpdate(deviceId, (u) => u.reading?.links.find((l) => l.name === "isp1")?.state === "up", 30_000);
    await recorder.flush();
    const events = await app.db.stateEvent.findMany({ where: { deviceId, subject: "link", name: "isp1" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.state)).toContain("down");
    expect(events.at(-1)?.state).toBe("up");
  }, 60_000);
});
