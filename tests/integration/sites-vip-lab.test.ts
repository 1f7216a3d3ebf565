// A shared-VIP site end to end through the API, on the namespaced VIP lab (three nodes on one bridge, each its own
// sshd, and a client with 40 source addresses): previewed (three plans), pushed (every node confirmed on its own),
// every client answered by exactly one node, state read back, then a node whose sshd stopped making the next push
// partial with its reason while the others confirm. Nothing leaves the lab's namespaces.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sleep } from "../../lab/exec";
import { startVipLab, VIP_IF, type VipLab } from "../../lab/vip-lab";
import { addLabDevices, createSite, siteOutcome, stopSshd } from "@tests/support/sites";
import { setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

let lab: VipLab;
let app: AppEnvironment;
let operator: ApiClient;
let viewer: ApiClient;
let siteId: string;
let ids: string[] = [];

const intent = (deadAfter = 3) => ({
  kind: "shared-vip",
  vip: lab.vip,
  prefixLength: lab.prefixLength,
  heartbeat: { port: 7946, intervalMs: 100, deadAfter },
  check: { type: "http", port: 80, path: "/", intervalMs: 200, timeoutMs: 150 },
  members: lab.nodes.map((n, i) => ({ device: ids[i], role: "vip-node", interface: VIP_IF, address: n.address, nodeId: n.nodeId })),
});

const pushed = (path: string, body: unknown) => siteOutcome({ operator, reader: viewer }, siteId, path, body);

/** Probes until every client is answered by exactly one node (the heartbeats need a moment to agree). */
async function everyClientOnce(timeoutMs: number): Promise<Record<string, string[]>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const byClient = await lab.probe(300);
    const answers = Object.values(byClient);
    if (answers.length === lab.sources.length && answers.every((nodes) => nodes.length === 1)) return byClient;
    if (Date.now() > deadline) throw new Error(`clients not answered exactly once: ${JSON.stringify(byClient)}`);
    await sleep(200);
  }
}

beforeAll(async () => {
  lab = await startVipLab({ label: "sites-vip" });
  app = await startAppEnvironment("sqlite");
  const admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  viewer = await userWithRole(app, admin, "viewer");
  const devices = lab.nodes.map((n) => ({ name: `web-${n.nodeId}`, host: n.host, port: n.port }));
  ids = await addLabDevices(admin, operator, lab.privateKey, devices);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await lab?.stop();
}, 60_000);

describe("[sites] shared VIP on the lab", () => {
  it("previews three plans, every node asked", async () => {
    const reply = await operator.post("/sites/plan", { name: "web", intent: intent() });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.pushable, JSON.stringify(reply.json.members.map((m: { warnings: unknown }) => m.warnings))).toBe(true);
    expect(
      reply.json.members.map((m: { deviceName: string; label: string; offline: string | null; changes: string }) => [
        m.deviceName,
        m.label,
        m.offline,
        m.changes,
      ]),
    ).toEqual(lab.nodes.map((n) => [`web-${n.nodeId}`, `Linux · shared VIP node ${n.nodeId}`, null, "new"]));
    for (const member of reply.json.members) expect(member.files.length).toBeGreaterThan(0);
  }, 60_000);

  it("pushes the site: confirmed on all three nodes, every client answered by exactly one", async () => {
    siteId = await createSite(operator, { name: "web", intent: intent() });
    const push = await pushed(`/sites/${siteId}/pushes`, { reason: "shared VIP" });
    expect(push.status, push.detail).toBe("confirmed");
    expect(push.detail).toBe("3 of 3 devices confirmed");
    for (const member of push.members)
      expect(member.steps.map((s: { step: string }) => s.step)).toEqual(expect.arrayContaining(["inspect", "compile", "gate", "confirm"]));
    const byClient = await everyClientOnce(15_000);
    expect(new Set(Object.values(byClient).flat()).size).toBe(3);
  }, 180_000);

  it("reads the state back from every node", async () => {
    const state = await viewer.get(`/sites/${siteId}/state`);
    expect(state.status, state.text).toBe(200);
    expect(state.json.members.map((m: { status: string }) => m.status)).toEqual(["ok", "ok", "ok"]);
    const owned = state.json.members.flatMap((m: { reading: { role: string; aliveNodes: number[]; bucketsOwned: number[] } }) => {
      expect(m.reading).toMatchObject({ role: "vip-node", aliveNodes: [1, 2, 3] });
      return m.reading.bucketsOwned;
    });
    expect(owned.sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i));
  }, 60_000);

  it("a node whose sshd stopped: the push is partial with its reason, the others confirmed", async () => {
    await stopSshd(lab.nodes[2]!.node.namespace!);
    expect((await operator.put(`/sites/${siteId}`, { intent: intent(4) })).status).toBe(200);
    const push = await pushed(`/sites/${siteId}/pushes`, { reason: "slower detection" });
    expect(push.status, push.detail).toBe("partial");
    expect(push.detail).toMatch(/^2 of 3 devices confirmed; web-3 failed: unreachable: /);
    expect(push.members.map((m: { deviceName: string; status: string }) => [m.deviceName, m.status])).toEqual([
      ["web-1", "confirmed"],
      ["web-2", "confirmed"],
      ["web-3", "failed"],
    ]);
    const state = (await viewer.get(`/sites/${siteId}/state`)).json;
    expect(state.members.map((m: { status: string }) => m.status)).toEqual(["ok", "ok", "unreachable"]);
    expect(state.summary[0]).toMatch(/^web-3 cannot be read: unreachable: /);
  }, 180_000);
});
