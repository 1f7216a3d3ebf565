// A site's preview through the API: every member device asked at once, one that does not answer planned offline
// with the reason, a RouterOS router (the simulator, on loopback) refused as a member in the admin's words, the
// same for a site not saved yet; a push of it ends with the router refused before anything is sent to it; and one
// push of a site at a time, with the site kept while it runs.
import { readFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRouterOsSimulator, type RouterOsSimulator } from "@/simulator/routeros";
import { linuxDevice, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

let app: AppEnvironment;
let sim: RouterOsSimulator;
let admin: ApiClient;
let operator: ApiClient;
let viewer: ApiClient;
const ids: Record<string, string> = {};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const intent = () => ({
  kind: "anycast",
  address: "192.0.2.53",
  check: { type: "tcp", port: 8053 },
  members: [
    { device: ids.edge, role: "anycast-edge", asn: 65000 },
    { device: ids.web1, role: "anycast-server", interface: "eth0", address: "10.2.1.2", edgeAddress: "10.2.1.1", asn: 65001 },
    { device: ids.web2, role: "anycast-server", interface: "eth0", address: "10.2.2.2", edgeAddress: "10.2.2.1", asn: 65002, preference: "standby" },
  ],
});

beforeAll(async () => {
  sim = await startRouterOsSimulator({
    host: "127.0.0.1",
    version: "7.16.2",
    identity: "edge-01",
    boardName: "CHR",
    users: [{ name: "waymark", password: "s3cret-pw" }],
    bootExport: readFileSync("src/simulator/routeros/demo/edge-7.rsc", "utf8"),
  });
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  viewer = await userWithRole(app, admin, "viewer");
  const router = await admin.post("/devices", {
    kind: "routeros",
    name: "edge-router",
    host: "127.0.0.1",
    port: sim.port,
    transport: "plain",
    username: "waymark",
    password: "s3cret-pw",
  });
  expect(router.status, router.text).toBe(201);
  ids.edge = router.json.id;
  for (const name of ["web1", "web2"]) {
    const created = await admin.post("/devices", linuxDevice({ name, host: "127.0.0.1", port: await closedPort() }));
    expect(created.status, created.text).toBe(201);
    ids[name] = created.json.id;
  }
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
});

type PreviewMember = {
  deviceName: string;
  label: string;
  offline: string | null;
  changes: string | null;
  warnings: { severity: string; message: string }[];
  files: unknown[];
};

describe("[sites] preview", () => {
  it("previews a site not saved yet: the router refused in words, silent servers planned offline", async () => {
    expect((await viewer.post("/sites/plan", { name: "dns", intent: intent() })).status).toBe(403);
    const reply = await operator.post("/sites/plan", { name: "dns", intent: intent() });
    expect(reply.status, reply.text).toBe(200);
    const preview = reply.json as { siteId: string | null; pushable: boolean; meaning: string[]; members: PreviewMember[]; leaving: unknown[] };
    expect(preview).toMatchObject({ siteId: null, name: "dns", pushable: false, leaving: [] });
    expect(preview.meaning.length).toBeGreaterThan(0);
    const [edge, web1, web2] = preview.members;
    expect(edge).toMatchObject({ deviceName: "edge-router", label: "MikroTik RouterOS · anycast edge", offline: null, changes: null, files: [] });
    expect(edge!.warnings).toContainEqual(expect.objectContaining({ severity: "error", message: expect.stringMatching(/edge-router is a RouterOS router/) }));
    expect(web1).toMatchObject({ label: "Linux · anycast server", changes: null });
    expect(web1!.offline).toMatch(/^unreachable: /);
    expect(web1!.files.length).toBeGreaterThan(0);
    expect(web2!.label).toBe("Linux · anycast server (standby)");
  });

  it("previews the saved site or a draft of it, and refuses a draft naming an unknown device", async () => {
    const created = await operator.post("/sites", { name: "dns", intent: intent() });
    expect(created.status, created.text).toBe(201);
    const saved = await operator.post(`/sites/${created.json.id}/plan`, {});
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.siteId).toBe(created.json.id);
    expect(saved.json.members).toHaveLength(3);
    const draft = intent();
    draft.members = draft.members.slice(0, 2);
    const drafted = await operator.post(`/sites/${created.json.id}/plan`, { draft });
    expect(drafted.json.members.map((m: PreviewMember) => m.deviceName)).toEqual(["edge-router", "web1"]);
    draft.members[1] = { ...draft.members[1]!, device: "nobody" };
    const unknown = await operator.post(`/sites/${created.json.id}/plan`, { draft });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.message).toMatch(/members\.1\.device: there is no device with id "nobody"/);
  });

  it("pushes: the router is refused before anything is sent, the silent servers fail with their reason", async () => {
    const site = (await viewer.get("/sites")).json[0];
    const started = await operator.post(`/sites/${site.id}/pushes`, { reason: "try it" });
    expect(started.status, started.text).toBe(201);
    const push = (await viewer.get(`/sites/${site.id}/pushes/${started.json.pushId}?wait=60`)).json;
    expect(push.status).toBe("failed");
    const edge = push.members.find((m: { deviceName: string }) => m.deviceName === "edge-router");
    expect(edge).toMatchObject({ status: "refused", reason: expect.stringMatching(/RouterOS router/) });
    expect(edge.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual(["inspect:ok", "compile:failed"]);
    expect(push.detail).toMatch(/^0 of 3 devices confirmed; edge-router refused: .*; web1 failed: unreachable: .*; web2 failed: unreachable: /);
  });

  it("runs one push of a site at a time, and the site cannot be deleted meanwhile", async () => {
    // A device that accepts the connection and never says a word keeps the push in its inspection until we hang up.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const slow = await admin.post("/devices", linuxDevice({ name: "slow", host: "127.0.0.1", port }));
      expect(slow.status, slow.text).toBe(201);
      const node = (device: string, nodeId: number) => ({ device, role: "vip-node", interface: "eth0", address: `10.9.0.${nodeId}`, nodeId });
      const site = await operator.post("/sites", {
        name: "slow",
        intent: { kind: "shared-vip", vip: "10.9.0.100", members: [node(slow.json.id, 1), node(ids.web1!, 2)] },
      });
      expect(site.status, site.text).toBe(201);
      const first = await operator.post(`/sites/${site.json.id}/pushes`, { reason: "" });
      expect(first.status, first.text).toBe(201);
      const second = await operator.post(`/sites/${site.json.id}/pushes`, { reason: "" });
      expect(second.status).toBe(409);
      expect(second.json.error.message).toBe('a push of site "slow" is already running; wait for it to end');
      const deleted = await operator.delete(`/sites/${site.json.id}`);
      expect(deleted.status).toBe(412);
      expect(deleted.json.error.message).toBe('a push of site "slow" is running; wait for it to end');
      for (const socket of sockets) socket.destroy();
      const push = (await viewer.get(`/sites/${site.json.id}/pushes/${first.json.pushId}?wait=60`)).json;
      expect(push.status).toBe("failed");
      expect((await operator.delete(`/sites/${site.json.id}`)).status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 60_000);
});
