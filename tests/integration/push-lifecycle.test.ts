import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentInput } from "@/lib/domain/intent";
import { resetEnvForTests } from "@/lib/env";
import { exportConfig, type RouterOsSimulator } from "@/simulator/routeros";
import { pushFinished, type ApiClient, type AppEnvironment } from "./support";
import { startRouterSite, type RouterSite } from "./router-site";

let site: RouterSite;
let sim: RouterOsSimulator;
let app: AppEnvironment;
let operator: ApiClient;
let deviceId: string;

const probe = { targets: ["192.0.2.10"], intervalMs: 1_000, timeoutMs: 500 };
const intent = (overrides: Partial<IntentInput["outbound"]> = {}, weight = 3): IntentInput => ({
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"], ...overrides },
});

/** Waymark's objects as /export writes them, each line's words sorted (a set back may reorder a line's properties). */
const waymarkLines = () =>
  exportConfig(sim.device)
    .split("\n")
    .filter((line) => line.includes("waymark"))
    .map((line) => line.split(" ").sort().join(" "))
    .join("\n");

async function save(body: IntentInput): Promise<number> {
  const saved = await operator.put(`/devices/${deviceId}/policy`, body);
  expect(saved.status, saved.text).toBe(200);
  return saved.json.revision;
}

async function pushed(body: Record<string, unknown> = {}): Promise<any> {
  const started = await operator.post(`/devices/${deviceId}/push`, { reason: "test", confirmWindowSec: 20, ...body });
  expect(started.status, started.text).toBe(201);
  return pushFinished(operator, started.json.id);
}

beforeAll(async () => {
  site = await startRouterSite();
  ({ sim, app, operator, deviceId } = site);
}, 90_000);

afterAll(async () => {
  await site?.close();
});

describe("[pushes] what a push's record says", () => {
  it("refuses, at preview and at push, an intent naming a LAN interface the router does not have; nothing changes", async () => {
    await save(intent({ lanInterfaces: ["lan1"] }));
    const preview = await operator.post(`/devices/${deviceId}/plan`, {});
    expect(preview.status, preview.text).toBe(412);
    expect(preview.json.error.message).toMatch(/LAN interface lan1 does not exist on the device \(the device has .*lan0/);
    const before = exportConfig(sim.device);
    const push = await pushed();
    expect(push.status).toBe("refused");
    expect(push.steps).toEqual([expect.objectContaining({ step: "inspect", status: "failed", detail: expect.stringContaining("lan1 does not exist") })]);
    expect(exportConfig(sim.device)).toBe(before);
  });

  it("refuses a gateway that is on none of the link interface's networks", async () => {
    await save({ ...intent(), links: [{ name: "isp-a", interface: "wan1", gateway: "192.0.2.99", probe }] });
    const preview = await operator.post(`/devices/${deviceId}/plan`, {});
    expect(preview.status).toBe(412);
    expect(preview.json.error.message).toContain("gateway 192.0.2.99 of link isp-a is not on-link on wan1 (wan1 has 198.51.100.2/24)");
  });

  it("confirms a good push with every step once, ok, inspection first; ?wait answers when it ended", async () => {
    const revision = await save(intent());
    const started = await operator.post(`/devices/${deviceId}/push?wait=60`, { reason: "first", confirmWindowSec: 20, revision });
    expect(started.status, started.text).toBe(201);
    expect(started.json.status).toBe("confirmed");
    expect(started.json.revision).toBe(revision);
    const names = started.json.steps.map((s: { step: string }) => s.step);
    expect(names).toEqual(["inspect", "compile", "connect", "snapshot", "arm", "apply", "gate", "confirm"]);
    expect(new Set(names).size).toBe(names.length);
  });

  it("records a failed health gate as a failed step, then the rollback, and leaves the router as it was", async () => {
    // lan0 exists and has its address, so the intent fits; it stops running, so the gate must fail.
    await save(intent({}, 4));
    const before = waymarkLines();
    const lan = sim.device.config.table("interface").items.find((i) => i.props.name === "lan0")!;
    sim.device.config.table("interface").set(lan.id, { disabled: "true" });
    try {
      const push = await pushed();
      expect(push.status, JSON.stringify(push.steps)).toBe("rolled_back");
      const gate = push.steps.find((s: { step: string }) => s.step === "gate");
      expect(gate).toMatchObject({ status: "failed", detail: expect.stringContaining("lan0 is not running") });
      expect(push.steps.find((s: { step: string }) => s.step === "rollback")).toMatchObject({ status: "ok" });
      expect(push.steps.filter((s: { step: string }) => s.step === "gate")).toHaveLength(1);
      // Back to the last confirmed plan: no drift against it (an object re-created by the rollback prints its
      // default passthrough=yes implicitly, so /export lines may differ in words that mean the same).
      expect((await operator.get(`/devices/${deviceId}/state`)).json.drift).toEqual({ drifted: false, entries: [] });
      expect(waymarkLines().split("\n").length).toBe(before.split("\n").length);
    } finally {
      sim.device.config.table("interface").set(lan.id, { disabled: "false" });
    }
  });

  it("records a push refused because another push is armed on the router as refused", async () => {
    const scheduler = sim.device.config.table("system/scheduler");
    const job = scheduler.add({ name: "waymark-rollback-other", interval: "30s", "on-event": ":log info x" });
    try {
      const push = await pushed();
      expect(push.status).toBe("refused");
      expect(push.error).toContain("another push is armed");
    } finally {
      scheduler.remove(job.id);
    }
  });

  it("lets one of two simultaneous pushes to one device run and tells the other so", async () => {
    await save(intent({}, 5));
    const [a, b] = await Promise.all([
      operator.post(`/devices/${deviceId}/push`, { reason: "a", confirmWindowSec: 20 }),
      operator.post(`/devices/${deviceId}/push`, { reason: "b", confirmWindowSec: 20 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const winner = a.status === 201 ? a : b;
    const loser = a.status === 201 ? b : a;
    expect(loser.json.error.message).toContain("already in flight");
    expect((await pushFinished(operator, winner.json.id)).status).toBe("confirmed");
    expect(await app.db.deviceLock.count()).toBe(0);
  });

  it("refuses a push of a revision other than the saved one, and a push without a reason when reasons are required", async () => {
    const revision = await save(intent({}, 6));
    const stale = await operator.post(`/devices/${deviceId}/push`, { reason: "x", revision: revision - 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain(`revision ${revision}`);
    process.env.WAYMARK_PUSH_REASON_REQUIRED = "true";
    resetEnvForTests();
    try {
      const bare = await operator.post(`/devices/${deviceId}/push`, { reason: " " });
      expect(bare.status).toBe(422);
      expect(bare.json.error.message).toContain("reason");
    } finally {
      delete process.env.WAYMARK_PUSH_REASON_REQUIRED;
      resetEnvForTests();
    }
    expect(await app.db.push.count({ where: { reason: " " } })).toBe(0);
  });
});

describe("[pushes] a router that cannot be reached is a device_* result on every route", () => {
  it("answers state, preview and push with device_unreachable when nothing listens, and device_timed_out when it stalls", async () => {
    await save(intent());
    expect((await pushed()).status).toMatch(/confirmed|unchanged/);
    sim.faults.set({ stall: true });
    try {
      const stalled = await operator.get(`/devices/${deviceId}/state`);
      expect(stalled.status, stalled.text).toBe(504);
      expect(stalled.json.error.code).toBe("device_timed_out");
    } finally {
      sim.faults.clear();
      sim.dropAllConnections();
    }
    const port = sim.port;
    await sim.close();
    for (const [method, path] of [
      ["GET", "/state"],
      ["POST", "/plan"],
    ] as const) {
      const reply = method === "GET" ? await operator.get(`/devices/${deviceId}${path}`) : await operator.post(`/devices/${deviceId}${path}`, {});
      expect(reply.status, `${method} ${path} ${reply.text}`).toBe(502);
      expect(reply.json.error).toMatchObject({ code: "device_unreachable", message: expect.stringContaining("refused") });
    }
    const push = await pushed();
    expect(push.status).toBe("failed");
    expect(push.steps).toEqual([expect.objectContaining({ step: "inspect", status: "failed", detail: expect.stringContaining(`${port}`) })]);
  }, 60_000);
});
