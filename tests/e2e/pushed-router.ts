// A simulated MikroTik of a spec's own, added to Waymark and given a pushed, confirmed policy through the API: the
// starting point of every spec that watches a router live (13, 17, 18). The spec stops the simulator.
import { expect } from "@playwright/test";
import { startRouterOsSim, type RouterOsSim } from "./routeros-sim";
import { asSeedingAdmin } from "./seed";

export type PushedRouter = { sim: RouterOsSim; id: string; name: string };

export async function pushedRouter(options: {
  label: string;
  name: string;
  intent: unknown;
  reason: string;
  /** Runs on the router before Waymark arrives (the admin's own rules). */
  prepare?: (sim: RouterOsSim) => void;
}): Promise<PushedRouter> {
  const sim = await startRouterOsSim(options.label);
  options.prepare?.(sim);
  const id = await asSeedingAdmin(async (api, csrf) => {
    const headers = { "x-csrf-token": csrf };
    const created = await api.post("/api/v1/devices", {
      headers,
      data: { kind: "routeros", name: options.name, host: sim.host, port: sim.port, transport: "plain", username: sim.username, password: sim.password },
    });
    expect(created.status(), await created.text()).toBe(201);
    const deviceId = ((await created.json()) as { id: string }).id;
    const saved = await api.put(`/api/v1/devices/${deviceId}/policy`, { headers, data: options.intent });
    expect(saved.status(), await saved.text()).toBe(200);
    const pushed = await api.post(`/api/v1/devices/${deviceId}/push?wait=60`, { headers, data: { reason: options.reason, confirmWindowSec: 20 } });
    expect(pushed.status(), await pushed.text()).toBe(201);
    expect(((await pushed.json()) as { status: string }).status).toBe("confirmed");
    return deviceId;
  });
  return { sim, id, name: options.name };
}
