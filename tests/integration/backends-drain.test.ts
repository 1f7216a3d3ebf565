// Backend maintenance through the API against the simulated MikroTik: a pool of three backends with live
// connections; draining one sends it no new connection while its established ones run on, its open connections
// fall to zero as they close and the dashboard records since when it is idle; the last active backend cannot be
// taken out; re-enabling waits until the backend answers its health check.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentInput } from "@/lib/domain/intent";
import type { RouterOsSimulator } from "@/simulator/routeros";
import { pushFinished, type ApiClient } from "./support";
import { startRouterSite, type RouterSite } from "./router-site";

const LISTEN = "198.51.100.2"; // the router's own address on wan1 (edge-7.rsc)
const BACKENDS = { web1: "192.168.10.21", web2: "192.168.10.22", web3: "192.168.10.23" } as const;
type Name = keyof typeof BACKENDS;

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const intent: IntentInput = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 1, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
  inbound: {
    pools: [
      {
        name: "web",
        listen: { interface: "wan1", address: LISTEN, protocol: "tcp", port: 443 },
        backends: Object.entries(BACKENDS).map(([name, address]) => ({ name, address, weight: 1 })),
        probe: { type: "icmp", intervalMs: 1_000, timeoutMs: 500 },
      },
    ],
  },
};

let site: RouterSite;
let sim: RouterOsSimulator;
let operator: ApiClient;
let viewer: ApiClient;
let deviceId: string;
let client = 0;

/** One internet client connects to the pool; returns the flow and the backend conntrack says it reached. */
function connect(): { flow: string; backend: Name | "none" } {
  const n = client++;
  const outcome = sim.network.openConnection({
    src: `198.18.${200 + Math.floor(n / 250)}.${(n % 250) + 1}`,
    dst: LISTEN,
    protocol: "tcp",
    dstPort: 443,
    inInterface: "wan1",
  });
  expect(outcome.delivered, JSON.stringify(outcome)).toBe(true);
  const at = sim.device.config.table("ip/firewall/connection").byId(outcome.connectionId!)?.props["reply-src-address"];
  const backend = (Object.keys(BACKENDS) as Name[]).find((name) => at === `${BACKENDS[name]}:443`) ?? "none";
  return { flow: outcome.id, backend };
}

const backendOf = (view: any, name: Name) => view.pools[0].backends.find((b: any) => b.name === name);

async function pools(): Promise<any> {
  const reply = await viewer.get(`/devices/${deviceId}/pools`);
  expect(reply.status, reply.text).toBe(200);
  return reply.json;
}

async function until(what: string, check: (view: any) => boolean, timeoutMs = 15_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await pools();
    if (check(view)) return view;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms: ${JSON.stringify(view.pools[0].backends)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function setState(name: Name, body: { state: string; reason?: string }) {
  return operator.post(`/devices/${deviceId}/pools/web/backends/${name}/state`, body);
}

async function revision(): Promise<number> {
  return (await viewer.get(`/devices/${deviceId}/policy`)).json.revision;
}

beforeAll(async () => {
  site = await startRouterSite();
  ({ sim, operator, viewer, deviceId } = site);
  expect((await operator.put(`/devices/${deviceId}/policy`, intent)).status).toBe(200);
  const started = await operator.post(`/devices/${deviceId}/push`, { reason: "pool web", confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  expect((await pushFinished(viewer, started.json.id)).status).toBe("confirmed");
  await until("every backend answers", (view) => view.pools[0].backends.every((b: any) => b.live?.state === "up"));
}, 90_000);

afterAll(async () => {
  await site?.close();
});

describe("[pools] draining a backend on a MikroTik router", () => {
  const onWeb2: string[] = [];

  it("lists every backend with its health, share and open connections", async () => {
    for (let i = 0; i < 30; i++) {
      const { flow, backend } = connect();
      expect(backend).not.toBe("none");
      if (backend === "web2") onWeb2.push(flow);
    }
    expect(onWeb2.length).toBeGreaterThan(0);
    const view = await pools();
    expect(view.pools[0]).toMatchObject({ name: "web", listen: { interface: "wan1", address: LISTEN, protocol: "tcp", port: 443 }, sticky: "per-connection" });
    expect(backendOf(view, "web2")).toMatchObject({
      address: BACKENDS.web2,
      port: 443,
      state: "active",
      share: 33.3,
      takeOut: { refusal: null, warning: null },
      live: { state: "up", probe: "up", openConnections: onWeb2.length },
      maintenance: null,
    });
    const opened = view.pools[0].backends.reduce((sum: number, b: any) => sum + Number(b.live.newConnections), 0);
    expect(opened).toBe(30);
  });

  it("refuses a viewer and a drain without a reason, changing nothing", async () => {
    const before = await revision();
    expect((await viewer.post(`/devices/${deviceId}/pools/web/backends/web2/state`, { state: "drain", reason: "x" })).status).toBe(403);
    const noReason = await setState("web2", { state: "drain" });
    expect(noReason.status).toBe(422);
    expect(noReason.json.error.message).toMatch(/reason/);
    expect(await revision()).toBe(before);
  });

  it("drains: no new connections, established ones stay, the open count falls to idle and is remembered", async () => {
    const before = await revision();
    const drained = await setState("web2", { state: "drain", reason: "kernel update" });
    expect(drained.status, drained.text).toBe(201);
    expect(drained.json).toMatchObject({ revision: before + 1, warning: null });
    expect((await pushFinished(viewer, drained.json.pushId)).status).toBe("confirmed");
    // Saved as a revision with the reason, and pushed with it.
    expect((await viewer.get(`/pushes/${drained.json.pushId}`)).json.reason).toBe("kernel update");
    const [newest] = (await viewer.get(`/devices/${deviceId}/policy/revisions`)).json;
    expect(newest).toMatchObject({ revision: before + 1, reason: "kernel update" });
    expect(newest.changes.map((c: { text: string }) => c.text)).toEqual(["backend web2 drained in pool web"]);

    // The other backends' probes were left alone (their rules kept their names): not restarted, so still "up".
    const others = (await pools()).pools[0].backends.filter((b: any) => b.name !== "web2");
    expect(others.map((b: any) => [b.name, b.live.probe])).toEqual([
      ["web1", "up"],
      ["web3", "up"],
    ]);
    const later = Array.from({ length: 60 }, () => connect().backend);
    expect(later.filter((b) => b === "web2")).toEqual([]);
    expect(later.filter((b) => b === "none")).toEqual([]);

    let view = await pools();
    expect(backendOf(view, "web2")).toMatchObject({
      state: "drain",
      share: 0,
      // Its netwatch lost its scripts, so the router starts it over (probe "unknown" until its next answer).
      live: { state: "drain", openConnections: onWeb2.length },
      maintenance: { state: "drain", reason: "kernel update", pushId: drained.json.pushId, idleSince: null },
    });

    for (const flow of onWeb2.slice(1)) sim.network.closeConnection(flow);
    view = await pools();
    expect(backendOf(view, "web2").live.openConnections).toBe(1);
    expect(backendOf(view, "web2").maintenance.idleSince).toBeNull();

    sim.network.closeConnection(onWeb2[0]!);
    view = await pools();
    const idleSince = backendOf(view, "web2").maintenance.idleSince;
    expect(backendOf(view, "web2").live.openConnections).toBe(0);
    expect(Date.parse(idleSince)).toBeGreaterThan(Date.now() - 10_000);
    // A later reading (a reload of the page) keeps the first moment it was idle.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(backendOf(await pools(), "web2").maintenance.idleSince).toBe(idleSince);
  });

  it("warns when one backend would carry everything, and refuses to take out the last active one", async () => {
    const before1 = backendOf(await pools(), "web1");
    expect(before1.takeOut.warning).toBe("web3 would be the only active backend of pool web: it takes every new connection");
    expect(before1.live.openConnections).toBeGreaterThan(0);
    const disabled = await setState("web1", { state: "disabled", reason: "disk swap" });
    expect(disabled.status, disabled.text).toBe(201);
    expect(disabled.json.warning).toBe("web3 would be the only active backend of pool web: it takes every new connection");
    expect((await pushFinished(viewer, disabled.json.pushId)).status).toBe("confirmed");
    // Disabling cuts what it had at once: nothing to wait for, idle at the first reading.
    const after1 = backendOf(await pools(), "web1");
    expect(after1.live).toMatchObject({ state: "disabled", openConnections: 0 });
    expect(after1.maintenance).toMatchObject({ state: "disabled", reason: "disk swap" });
    expect(after1.maintenance.idleSince).not.toBeNull();
    // web3 is left alone in the pool: its rules (and so its probe's scripts) changed, and its probe restarted.
    await until("web3's probe answers again", (view) => backendOf(view, "web3").live.probe === "up");

    const before = await revision();
    const last = await setState("web3", { state: "drain", reason: "everything" });
    expect(last.status).toBe(409);
    expect(last.json.error.message).toBe(
      "web3 is the last active backend of pool web; draining it would leave the pool with nothing to send new connections to",
    );
    expect(backendOf(await pools(), "web3").takeOut.refusal).toBe(last.json.error.message);
    expect(await revision()).toBe(before);
  });

  it("re-enables only once the backend answers its health check", async () => {
    sim.network.setReachable(BACKENDS.web2, false);
    await until("web2's probe fails", (view) => backendOf(view, "web2").live.probe === "down");
    const before = await revision();
    const refused = await setState("web2", { state: "active" });
    expect(refused.status).toBe(412);
    expect(refused.json.error.message).toBe("web2 does not answer its health check (ping to 192.168.10.22): re-enable it once it answers");
    expect(await revision()).toBe(before);

    sim.network.setReachable(BACKENDS.web2, true);
    await until("web2 answers again", (view) => backendOf(view, "web2").live.probe === "up");
    const back = await setState("web2", { state: "active", reason: "patched" });
    expect(back.status, back.text).toBe(201);
    expect((await pushFinished(viewer, back.json.pushId)).status).toBe("confirmed");
    const view = await until("web2 is up", (v) => backendOf(v, "web2").live.state === "up");
    expect(backendOf(view, "web2").maintenance).toBeNull();
    expect(backendOf(view, "web1")).toMatchObject({ state: "disabled", live: { state: "disabled" }, maintenance: { state: "disabled" } });
    const spread = Array.from({ length: 40 }, () => connect().backend);
    expect(spread.filter((b) => b === "web2").length).toBeGreaterThan(5);
    expect(spread.filter((b) => b === "web1")).toEqual([]);
  });
});
