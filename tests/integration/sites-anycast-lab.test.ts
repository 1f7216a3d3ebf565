// An anycast site end to end through the API, on the namespaced anycast lab (an edge and three servers, each its
// own sshd and BIRD): previewed (four plans), pushed (each device confirmed on its own, servers before the edge),
// traffic answered by every server, state read back, pushed again (unchanged), a server whose sshd stopped making
// the next push partial with its reason while the others confirm, and the removal taking the site off the devices
// that answer. Nothing leaves the lab's namespaces.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnycastLab, startAnycastLab } from "../../lab/anycast-lab";
import { addLabDevices, createSite, siteOutcome, stopSshd } from "@tests/support/sites";
import { setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

let lab: AnycastLab;
let app: AppEnvironment;
let operator: ApiClient;
let viewer: ApiClient;
let siteId: string;
let ids: string[] = [];

const intent = (holdTimeSec = 9) => ({
  kind: "anycast",
  address: lab.service.address,
  check: { type: "tcp", port: lab.service.port, intervalMs: 100, timeoutMs: 80 },
  bfd: { intervalMs: 100, multiplier: 3 },
  holdTimeSec,
  members: [
    { device: ids[0], role: "anycast-edge", asn: lab.edge.asn, bird: lab.edge.bird },
    ...lab.servers.map((s, i) => ({
      device: ids[i + 1],
      role: "anycast-server",
      interface: s.interface,
      address: s.address,
      edgeAddress: s.edgeAddress,
      asn: s.asn,
      bird: s.bird,
    })),
  ],
});

const pushed = (path: string, body: unknown) => siteOutcome({ operator, reader: viewer }, siteId, path, body);

beforeAll(async () => {
  lab = await startAnycastLab({ label: "sites-anycast" });
  app = await startAppEnvironment("sqlite");
  const admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  viewer = await userWithRole(app, admin, "viewer");
  ids = await addLabDevices(admin, operator, lab.privateKey, [lab.edge, ...lab.servers]);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await lab?.stop();
}, 60_000);

describe("[sites] anycast on the lab", () => {
  it("previews four plans, every device asked", async () => {
    const reply = await operator.post("/sites/plan", { name: "dns", intent: intent() });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.pushable, JSON.stringify(reply.json.members.map((m: { warnings: unknown }) => m.warnings))).toBe(true);
    expect(reply.json.members.map((m: { deviceName: string; offline: string | null; changes: string }) => [m.deviceName, m.offline, m.changes])).toEqual([
      ["edge-1", null, "new"],
      ["web-1", null, "new"],
      ["web-2", null, "new"],
      ["web-3", null, "new"],
    ]);
    for (const member of reply.json.members) expect(member.files.length).toBeGreaterThan(0);
  }, 60_000);

  it("pushes the site: confirmed on every device, servers before the edge, traffic on all three servers", async () => {
    siteId = await createSite(operator, { name: "dns", intent: intent() });
    const push = await pushed(`/sites/${siteId}/pushes`, { reason: "anycast dns" });
    expect(push.status, push.detail).toBe("confirmed");
    expect(push.detail).toBe("4 of 4 devices confirmed");
    const edge = push.members.find((m: { role: string }) => m.role === "anycast-edge");
    const firstEdgeStep = Math.min(
      ...edge.steps.filter((s: { step: string }) => s.step !== "inspect" && s.step !== "compile").map((s: { atMs: number }) => s.atMs),
    );
    for (const server of push.members.filter((m: { role: string }) => m.role === "anycast-server")) {
      expect(server.steps.map((s: { step: string }) => s.step)).toContain("confirm");
      expect(Math.max(...server.steps.map((s: { atMs: number }) => s.atMs))).toBeLessThanOrEqual(firstEdgeStep);
    }
    await lab.waitForEdgeRoute((hops) => hops.length === 3, 30_000);
    const traffic = await lab.traffic(300);
    expect(traffic.failed).toBe(0);
    expect(Object.keys(traffic.answers).sort()).toEqual(["web-1", "web-2", "web-3"]);
    const site = (await viewer.get(`/sites/${siteId}`)).json;
    expect(site.members.every((m: { applied: unknown }) => m.applied !== null)).toBe(true);
  }, 180_000);

  it("reads the state back from every member", async () => {
    const state = await viewer.get(`/sites/${siteId}/state`);
    expect(state.status, state.text).toBe(200);
    expect(state.json.members.map((m: { status: string }) => m.status)).toEqual(["ok", "ok", "ok", "ok"]);
    const [edge, ...servers] = state.json.members;
    expect(edge.reading.nexthops).toHaveLength(3);
    for (const server of servers) expect(server.reading).toMatchObject({ role: "anycast-server", announced: true });
    expect(state.json.summary).toEqual([expect.stringMatching(/^edge-1 spreads 192\.0\.2\.53(:8053)? over 3 of 3 servers/)]);
  }, 60_000);

  it("pushes the same site again: unchanged everywhere", async () => {
    const push = await pushed(`/sites/${siteId}/pushes`, { reason: "again" });
    expect(push.status, push.detail).toBe("unchanged");
  }, 180_000);

  it("a server whose sshd stopped: the push is partial with its reason, the others confirmed", async () => {
    await stopSshd(lab.servers[2]!.node.namespace!);
    expect((await operator.put(`/sites/${siteId}`, { intent: intent(12) })).status).toBe(200);
    const push = await pushed(`/sites/${siteId}/pushes`, { reason: "longer hold time" });
    expect(push.status, push.detail).toBe("partial");
    expect(push.detail).toMatch(/^3 of 4 devices confirmed; web-3 failed: unreachable: /);
    expect(push.members.filter((m: { status: string }) => m.status === "confirmed").map((m: { deviceName: string }) => m.deviceName)).toEqual([
      "edge-1",
      "web-1",
      "web-2",
    ]);
    const state = (await viewer.get(`/sites/${siteId}/state`)).json;
    const web3 = state.members.find((m: { deviceName: string }) => m.deviceName === "web-3");
    expect(web3).toMatchObject({ status: "unreachable", reading: null });
    expect(state.summary[0]).toMatch(/^web-3 cannot be read: unreachable: /);
  }, 180_000);

  it("takes the site off the devices that answer; the site stays while web-3 still has it", async () => {
    const removal = await pushed(`/sites/${siteId}/removal`, { reason: "done" });
    expect(removal.status, removal.detail).toBe("partial");
    expect(removal.detail).toMatch(/^3 of 4 devices taken off; web-3 failed: unreachable: /);
    expect(await lab.edgeNexthops()).toEqual([]);
    const refused = await operator.delete(`/sites/${siteId}`);
    expect(refused.status).toBe(412);
    expect(refused.json.error.message).toBe('site "dns" is still on web-3: take the site off its devices first');
  }, 180_000);
});
