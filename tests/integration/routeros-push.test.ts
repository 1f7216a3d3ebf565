import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentInput } from "@/lib/domain/intent";
import { exportConfig, type RouterOsSimulator } from "@/simulator/routeros";
import { pushFinished, type ApiClient } from "./support";
import { startRouterSite, type RouterSite } from "./router-site";

let site: RouterSite;
let sim: RouterOsSimulator;
let operator: ApiClient;
let viewer: ApiClient;
let deviceId: string;
let foreignBefore: string;

const FOREIGN_MENUS = [
  "ip/firewall/filter",
  "ip/firewall/mangle",
  "ip/firewall/nat",
  "ip/route",
  "interface/list",
  "interface/list/member",
  "ip/firewall/address-list",
];

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const intent: IntentInput = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
};

/** Only what Waymark did not create: the export of the admin's objects, in order. */
const foreignExport = () =>
  exportConfig(sim.device, { menus: FOREIGN_MENUS })
    .split("\n")
    .filter((line) => !line.includes("waymark"))
    .join("\n");

const finished = (pushId: string, timeoutMs?: number) => pushFinished(viewer, pushId, timeoutMs);

async function pushAndWait(reason: string): Promise<any> {
  const started = await operator.post(`/devices/${deviceId}/push`, { reason, confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  return finished(started.json.id);
}

beforeAll(async () => {
  site = await startRouterSite();
  ({ sim, operator, viewer, deviceId } = site);
  foreignBefore = foreignExport();
}, 90_000);

afterAll(async () => {
  await site?.close();
});

describe("[pushes] a MikroTik router through the API", () => {
  it("saves the policy, keeps PCC as the default balancer, and previews the .rsc compiled for what the router runs and checked against its interfaces", async () => {
    const saved = await operator.put(`/devices/${deviceId}/policy`, intent);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.targetOptions).toEqual({ routeros: { balancer: "pcc" } });
    const preview = await viewer.post(`/devices/${deviceId}/plan`, {});
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json).toMatchObject({ target: "routeros", version: "7", balancer: "pcc" });
    expect(preview.json.plan.script).toContain("per-connection-classifier=both-addresses-and-ports:4/3");
    expect(preview.json.plan.script).toContain("/routing table add");
    const v6 = await viewer.post(`/devices/${deviceId}/plan`, { routerosVersion: "6" });
    expect(v6.json.plan.script).toContain("routing-mark=to-isp-a");
    const slashedV6 = await viewer.post(`/devices/${deviceId}/plan`, { routerosVersion: "6", dialect: "slashed" });
    expect(slashedV6.status).toBe(422);
    // Asked of the router itself: compiled for what it runs, and checked against its interfaces.
    expect(preview.json).toMatchObject({ label: "RouterOS v7 · PCC", checkedAgainstDevice: true });
  });

  it("refuses target options from a viewer and unknown balancers from anyone", async () => {
    expect((await viewer.put(`/devices/${deviceId}/policy/target-options`, { routeros: { balancer: "ecmp" } })).status).toBe(403);
    expect((await operator.put(`/devices/${deviceId}/policy/target-options`, { routeros: { balancer: "round-robin" } })).status).toBe(422);
  });

  it("pushes: confirmed with its steps, the admin's own objects unchanged and in order", async () => {
    const push = await pushAndWait("first push");
    expect(push.status, JSON.stringify(push)).toBe("confirmed");
    // Inspection first and once; every step once, with its final status.
    expect(push.steps.map((s: { step: string }) => s.step)).toEqual(["inspect", "compile", "connect", "snapshot", "arm", "apply", "gate", "confirm"]);
    expect(push.steps.every((s: { status: string }) => s.status === "ok")).toBe(true);
    expect(foreignExport()).toBe(foreignBefore);
    const scheduler = sim.device.config.table("system/scheduler").items.filter((i) => (i.props.name ?? "").startsWith("waymark"));
    expect(scheduler).toEqual([]);
  });

  it("reads back rule counters that move with LAN traffic, active routes and the plan's interfaces", async () => {
    const clients = Array.from({ length: 40 }, (_, i) => `192.168.10.${20 + i}`);
    for (const [index, src] of clients.entries()) {
      sim.network.openConnection({ src, dst: `198.18.0.${1 + (index % 50)}`, protocol: "tcp", dstPort: 443, bytes: 600 });
    }
    const state = await viewer.get(`/devices/${deviceId}/state`);
    expect(state.status, state.text).toBe(200);
    expect(state.json.drift).toEqual({ drifted: false, entries: [] });
    expect(state.text).not.toContain("waymark:");
    const pcc = state.json.rules.filter((r: { what: string }) => r.what.startsWith("new LAN connections, share"));
    expect(pcc.length).toBe(4);
    const total = pcc.reduce((sum: number, r: { packets: string }) => sum + Number(r.packets), 0);
    expect(total).toBe(40);
    const links = state.json.links as { name: string; state: string; newConnections: string; openConnections: number; out: unknown }[];
    expect(links.map((l) => l.name)).toEqual(["isp-a", "isp-b"]);
    expect(links.reduce((sum, l) => sum + Number(l.newConnections), 0)).toBe(40);
    expect(links.reduce((sum, l) => sum + l.openConnections, 0)).toBeGreaterThanOrEqual(40);
    expect(links.every((l) => l.out !== null)).toBe(true);
  });

  it("answers the same push with 'unchanged'", async () => {
    const push = await pushAndWait("again");
    expect(push.status).toBe("unchanged");
  });

  it("switches to ECMP with a minimal change and back, still leaving the admin's objects alone", async () => {
    expect((await operator.put(`/devices/${deviceId}/policy/target-options`, { routeros: { balancer: "ecmp" } })).status).toBe(200);
    expect((await pushAndWait("to ecmp")).status).toBe("confirmed");
    const mangle = sim.device.config.table("ip/firewall/mangle").items.map((i) => i.props.comment ?? "");
    expect(mangle.some((c) => c.startsWith("waymark:pcc:"))).toBe(false);
    expect((await operator.put(`/devices/${deviceId}/policy/target-options`, { routeros: { balancer: "pcc" } })).status).toBe(200);
    expect((await pushAndWait("back to pcc")).status).toBe("confirmed");
    expect(foreignExport()).toBe(foreignBefore);
  });

  it("reports drift when a Waymark rule is changed on the router behind its back", async () => {
    const mangle = sim.device.config.table("ip/firewall/mangle");
    const rule = mangle.items.find((i) => i.props.comment === "waymark:pcc:isp-a:0")!;
    mangle.set(rule.id, { "per-connection-classifier": "src-address:4/0" });
    const state = await viewer.get(`/devices/${deviceId}/state`);
    expect(state.json.drift.drifted).toBe(true);
    expect(state.json.drift.entries).toEqual([
      { what: "new LAN connections, share 1 of 4 → isp-a", change: "changed", detail: expect.stringContaining("per-connection-classifier") },
    ]);
    expect((await pushAndWait("restore")).status).toBe("confirmed");
    expect((await viewer.get(`/devices/${deviceId}/state`)).json.drift.drifted).toBe(false);
  });
});
