// Saving a device's load-balancing intent through the API: validated against the intent grammar, versioned,
// readable by viewers, writable by operators, and nothing reaches the device.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import { linuxDevice, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

let app: AppEnvironment;
let admin: ApiClient;
let viewer: ApiClient;
let operator: ApiClient;
let deviceId: string;

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  viewer = await userWithRole(app, admin, "viewer");
  operator = await userWithRole(app, admin, "operator");
  deviceId = (await admin.post("/devices", linuxDevice())).json.id;
});
afterAll(async () => {
  await app?.close();
});

describe("[policies] saving intent", () => {
  it("starts empty, saves with defaults filled in, and counts revisions", async () => {
    expect((await viewer.get(`/devices/${deviceId}/policy`)).json).toBeNull();
    const first = await operator.put(`/devices/${deviceId}/policy`, DUAL_WAN_EXAMPLE);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ revision: 1, intent: { links: [{ name: "isp-a", tier: 1, probe: { downCount: 3 } }, {}] } });
    const second = await operator.put(`/devices/${deviceId}/policy`, {
      ...DUAL_WAN_EXAMPLE,
      outbound: { ...DUAL_WAN_EXAMPLE.outbound, method: "sticky-source" },
    });
    expect(second.json.revision).toBe(2);
    expect((await viewer.get(`/devices/${deviceId}/policy`)).json.intent.outbound.method).toBe("sticky-source");
  });

  it("refuses viewers and metacharacters, naming the field, and changes nothing", async () => {
    expect((await viewer.put(`/devices/${deviceId}/policy`, DUAL_WAN_EXAMPLE)).status).toBe(403);
    const hostile = structuredClone(DUAL_WAN_EXAMPLE);
    hostile.links[0]!.interface = "wan1;reboot";
    const reply = await operator.put(`/devices/${deviceId}/policy`, hostile);
    expect(reply.status).toBe(422);
    expect(reply.json.error.message).toMatch(/links\.0\.interface/);
    expect((await viewer.get(`/devices/${deviceId}/policy`)).json.revision).toBe(2);
  });

  it("refuses on a Linux gateway what only a MikroTik can have (an interface name with a space), and changes nothing", async () => {
    const routerOsOnly = structuredClone(DUAL_WAN_EXAMPLE);
    routerOsOnly.outbound.lanInterfaces = ["office LAN"];
    const reply = await operator.put(`/devices/${deviceId}/policy`, routerOsOnly);
    expect(reply.status).toBe(422);
    expect(reply.json.error.message).toMatch(/cannot be realised on this device: .*"office LAN": it cannot exist on a Linux gateway/);
    expect((await viewer.get(`/devices/${deviceId}/policy`)).json.revision).toBe(2);
  });

  it("refuses a save whose base revision is stale, and two saves racing from one base give exactly one success", async () => {
    const base = (await viewer.get(`/devices/${deviceId}/policy`)).json.revision as number;
    const stale = await operator.put(`/devices/${deviceId}/policy`, { ...DUAL_WAN_EXAMPLE, baseRevision: base - 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toBe(`someone saved revision ${base} since you started editing revision ${base - 1}: review their change first`);
    const [a, b] = await Promise.all([
      operator.put(`/devices/${deviceId}/policy`, { ...DUAL_WAN_EXAMPLE, baseRevision: base, reason: "a" }),
      admin.put(`/devices/${deviceId}/policy`, { ...DUAL_WAN_EXAMPLE, baseRevision: base, reason: "b" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await viewer.get(`/devices/${deviceId}/policy`)).json.revision).toBe(base + 1);
  });

  it("saves the device-side choices with the intent in one revision (a revert restores both)", async () => {
    const reply = await operator.put(`/devices/${deviceId}/policy`, { ...DUAL_WAN_EXAMPLE, targetOptions: { routeros: { balancer: "ecmp" } } });
    expect(reply.status).toBe(200);
    expect(reply.json.targetOptions).toMatchObject({ routeros: { balancer: "ecmp" } });
  });

  it("404s for an unknown device", async () => {
    expect((await operator.put(`/devices/nope/policy`, DUAL_WAN_EXAMPLE)).status).toBe(404);
  });
});
