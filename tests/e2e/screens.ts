// Every screen of the dashboard, for the specs that visit them all (09-accessibility, 16-viewer): the devices they
// need, seeded through the API by the first-run admin (a simulated MikroTik router of the spec's own with a saved
// dual-WAN policy, and a Linux gateway that is switched off), and the list of pages with the title each must carry.
// A device's address is unique and each worker seeds its own, so the Linux one cannot be the shared gateway lab: it
// is a loopback port nothing listens on, and its pages show how they look when the gateway does not answer.
import { randomInt } from "node:crypto";
import { expect } from "@playwright/test";
import { asSeedingAdmin, uniqueName } from "./seed";
import { startRouterOsSim, type RouterOsSim } from "./routeros-sim";

export type Screen = {
  /** What the test is called and the screenshot is named. */
  name: string;
  path: string;
  /** The document title the page must carry (a RegExp for titles with a seeded name in them). */
  title: string | RegExp;
  /** Pages only an admin may use; anyone else gets "Not allowed". */
  adminOnly?: true;
};

export type SeededDevices = {
  routeros: { id: string; name: string };
  linux: { id: string; name: string };
  /** A shared-VIP site over the switched-off gateway and a second switched-off Linux device (never pushed). */
  site: { id: string; name: string };
  sim: RouterOsSim;
};

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
/** The simulated "edge" router's interfaces: two WAN links, a LAN and a server pool behind wan1. */
export const ROUTEROS_INTENT = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
  inbound: {
    pools: [
      {
        name: "web",
        listen: { interface: "wan1", protocol: "tcp", port: 443 },
        backends: [
          { name: "web-1", address: "192.168.10.200" },
          { name: "web-2", address: "192.168.10.201" },
        ],
      },
    ],
  },
};

/** A simulated router and the gateway lab as two devices, the router with a saved policy. */
export async function seedDevices(spec: string): Promise<SeededDevices> {
  const sim = await startRouterOsSim(spec);
  const routerName = `${uniqueName(spec)} edge router`;
  const gatewayName = `${uniqueName(spec)} linux gateway`;
  return asSeedingAdmin(async (api, csrf) => {
    const headers = { "x-csrf-token": csrf };
    const router = await api.post("/api/v1/devices", {
      headers,
      data: { kind: "routeros", name: routerName, host: sim.host, port: sim.port, username: sim.username, password: sim.password },
    });
    expect(router.status(), await router.text()).toBe(201);
    const routerId = ((await router.json()) as { id: string }).id;
    const policy = await api.put(`/api/v1/devices/${routerId}/policy`, { headers, data: ROUTEROS_INTENT });
    expect(policy.status(), await policy.text()).toBe(200);
    const gateway = await api.post("/api/v1/devices", {
      headers,
      data: {
        kind: "linux",
        name: gatewayName,
        host: "127.0.0.1",
        port: switchedOffPort(),
        username: "root",
        auth: { method: "password", password: "not used" },
      },
    });
    expect(gateway.status(), await gateway.text()).toBe(201);
    const gatewayId = ((await gateway.json()) as { id: string }).id;
    const site = await seedSite(api, headers, spec, gatewayId);
    return { routeros: { id: routerId, name: routerName }, linux: { id: gatewayId, name: gatewayName }, site, sim };
  });
}

/** A shared-VIP site of two nodes: the switched-off gateway and another switched-off Linux device. */
async function seedSite(
  api: Parameters<Parameters<typeof asSeedingAdmin>[0]>[0],
  headers: Record<string, string>,
  spec: string,
  gatewayId: string,
): Promise<{ id: string; name: string }> {
  const peer = await api.post("/api/v1/devices", {
    headers,
    data: {
      kind: "linux",
      name: `${uniqueName(spec)} vip peer`,
      host: "127.0.0.1",
      port: switchedOffPort(),
      username: "root",
      auth: { method: "password", password: "not used" },
    },
  });
  expect(peer.status(), await peer.text()).toBe(201);
  const peerId = ((await peer.json()) as { id: string }).id;
  const name = `site-${uniqueName(spec).slice(-6)}`;
  const node = (device: string, nodeId: number) => ({ device, role: "vip-node", interface: "eth1", address: `192.0.2.${10 + nodeId}`, nodeId });
  const site = await api.post("/api/v1/sites", {
    headers,
    data: { name, intent: { kind: "shared-vip", vip: "192.0.2.10", members: [node(gatewayId, 1), node(peerId, 2)] } },
  });
  expect(site.status(), await site.text()).toBe(201);
  return { id: ((await site.json()) as { id: string }).id, name };
}

/** A loopback port in the range Linux never hands out as an ephemeral port (those start at 32768). */
function switchedOffPort(): number {
  return 20_000 + randomInt(10_000);
}

/** A device's tabs (tests/e2e/screens.ts keeps them in step with src/components/shell/device-tabs.tsx). */
function deviceScreens(label: string, device: { id: string; name: string }): Screen[] {
  const base = `/devices/${device.id}`;
  const titled = (tab: string) => new RegExp(`^${escapeRegExp(device.name)} · ${tab} · Waymark$`);
  return [
    { name: `${label} overview`, path: base, title: titled("Overview") },
    { name: `${label} setup wizard`, path: `${base}/wizard`, title: titled("Setup wizard") },
    { name: `${label} policy`, path: `${base}/policy`, title: titled("Policy") },
    { name: `${label} pools`, path: `${base}/pools`, title: titled("Pools") },
    { name: `${label} live counters`, path: `${base}/counters`, title: titled("Live counters") },
    { name: `${label} drills`, path: `${base}/drills`, title: titled("Drills") },
    { name: `${label} trends`, path: `${base}/trends`, title: titled("Trends") },
    { name: `${label} edit`, path: `${base}/edit`, title: titled("Edit"), adminOnly: true },
  ];
}

/** Every page a signed-in user can open, for the seeded devices. */
export function dashboardScreens(devices: Pick<SeededDevices, "routeros" | "linux"> & { site?: SeededDevices["site"] }): Screen[] {
  const site = devices.site ?? { id: "x", name: "x" };
  return [
    { name: "fleet", path: "/fleet", title: "Fleet · Waymark" },
    { name: "devices", path: "/devices", title: "Devices · Waymark" },
    { name: "new device", path: "/devices/new", title: "Add device · Waymark", adminOnly: true },
    ...deviceScreens("routeros", devices.routeros),
    ...deviceScreens("linux", devices.linux),
    { name: "sites", path: "/sites", title: "Sites · Waymark" },
    // Operators create and edit sites; the viewer spec expects its refusal, as for the admin-only pages.
    { name: "new site", path: "/sites/new", title: "New site · Waymark", adminOnly: true },
    { name: "site", path: `/sites/${site.id}`, title: new RegExp(`^${escapeRegExp(site.name)} · Site · Waymark$`) },
    { name: "edit site", path: `/sites/${site.id}/edit`, title: new RegExp(`^${escapeRegExp(site.name)} · Edit site · Waymark$`), adminOnly: true },
    { name: "history", path: "/history", title: "History · Waymark" },
    { name: "device history", path: `/history?device=${devices.routeros.id}`, title: /History · Waymark$/ },
    // The seeded policy is the router's revision 1.
    { name: "revision", path: `/history/${devices.routeros.id}/1`, title: /Change details · Waymark$/ },
    { name: "alerts", path: "/alerts", title: "Alerts · Waymark" },
    { name: "users", path: "/users", title: "Users · Waymark", adminOnly: true },
    { name: "tokens", path: "/tokens", title: "API tokens · Waymark", adminOnly: true },
    { name: "audit", path: "/audit", title: "Audit log · Waymark", adminOnly: true },
    { name: "account", path: "/account", title: "Your account · Waymark" },
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
