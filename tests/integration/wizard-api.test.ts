import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentInput } from "@/lib/domain/intent";
import { pushFinished } from "./support";
import { startRouterSite, type RouterSite } from "./router-site";

// The setup wizard's API on a simulated MikroTik: GET /devices/{id}/wizard/proposal reads the router and proposes
// links and LAN; POST /devices/{id}/plan with a draft previews an unsaved intent against the router as it is now,
// with what a push would add, change and remove there and what the plan means; nothing is saved.

let site: RouterSite;

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const intent: IntentInput = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
};
const reweighted: IntentInput = { ...intent, links: intent.links.map((l) => ({ ...l, weight: 1 })) };

beforeAll(async () => {
  site = await startRouterSite();
}, 90_000);

afterAll(async () => {
  await site?.close();
});

describe("[wizard] proposing a setup from the router", () => {
  it("proposes the default route's interface and the public one as links, the private one as LAN, each with its reason", async () => {
    const { operator, deviceId } = site;
    const answer = await operator.get(`/devices/${deviceId}/wizard/proposal`);
    expect(answer.status, answer.text).toBe(200);
    const { proposal, device, existing } = answer.json;
    expect(device).toMatchObject({ kind: "routeros", name: "sim-edge" });
    expect(existing).toBeNull();
    expect(proposal.links.map((l: { name: string; interface: string; gateway: string }) => [l.name, l.interface, l.gateway])).toEqual([
      ["wan1", "wan1", "198.51.100.1"],
      ["wan2", "wan2", "203.0.113.1"],
    ]);
    expect(proposal.links[0].why).toBe("wan1: default route via 198.51.100.1, static address");
    expect(proposal.links[1].why).toContain("is a guess");
    expect(proposal.lan).toEqual([{ interface: "lan0", sources: ["192.168.10.0/24"], why: "lan0: 192.168.10.1/24, no default route → LAN" }]);
    expect(proposal.links[0].probeTargets).not.toEqual(proposal.links[1].probeTargets);
  });

  it("is for operators: inspection talks to the device", async () => {
    expect((await site.viewer.get(`/devices/${site.deviceId}/wizard/proposal`)).status).toBe(403);
  });
});

describe("[plan] previewing a draft", () => {
  it("previews an unsaved intent on a router without Waymark: everything to add, its meaning, nothing saved", async () => {
    const { viewer, deviceId } = site;
    const preview = await viewer.post(`/devices/${deviceId}/plan`, { draft: { intent } });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json).toMatchObject({ target: "routeros", balancer: "pcc", checkedAgainstDevice: true });
    const { changes } = preview.json;
    expect(changes.add).toBeGreaterThan(10);
    expect([changes.change, changes.remove]).toEqual([0, 0]);
    expect(changes.items.length).toBe(changes.add);
    expect(changes.items.map((i: { what: string }) => i.what)).toContain("/tool/netwatch waymark:netwatch:isp-a (health probe of isp-a)");
    expect(preview.json.meaning[0]).toBe("New connections: isp-a 75 %, isp-b 25 %.");
    expect(
      preview.json.meaning.some((l: string) =>
        l.startsWith(
          "If isp-a misses 3 probes of 192.0.2.10 and 192.0.2.11 1 s apart, it is declared down in 2.00 s–3.00 s (3.00 s–4.00 s if its probes were already losing answers)",
        ),
      ),
    ).toBe(true);
    expect((await viewer.get(`/devices/${deviceId}/policy`)).json).toBeNull();
  });

  it("says the changes are unknown, not zero, when the router is not asked", async () => {
    const { viewer, deviceId } = site;
    const offline = await viewer.post(`/devices/${deviceId}/plan`, { draft: { intent, targetOptions: { routeros: { balancer: "ecmp" } } }, offline: true });
    expect(offline.status, offline.text).toBe(200);
    expect(offline.json).toMatchObject({ balancer: "ecmp", checkedAgainstDevice: false, changes: null });
  });

  it("refuses a draft naming an interface the router lacks, and one outside the grammar, in the admin's words", async () => {
    const { viewer, deviceId } = site;
    const misfit = await viewer.post(`/devices/${deviceId}/plan`, {
      draft: { intent: { ...intent, outbound: { ...intent.outbound, lanInterfaces: ["lan9"] } } },
    });
    expect(misfit.status).toBe(412);
    expect(misfit.json.error.message).toContain("lan9");
    const bad = await viewer.post(`/devices/${deviceId}/plan`, { draft: { intent: { ...intent, links: [] } } });
    expect(bad.status).toBe(422);
  });

  it("after a push: nothing to change for the same intent, changes for a new weight", async () => {
    const { operator, viewer, deviceId } = site;
    expect((await operator.put(`/devices/${deviceId}/policy`, intent)).status).toBe(200);
    const started = await operator.post(`/devices/${deviceId}/push`, { reason: "first", confirmWindowSec: 20 });
    expect(started.status, started.text).toBe(201);
    expect((await pushFinished(viewer, started.json.id)).status).toBe("confirmed");
    const same = await viewer.post(`/devices/${deviceId}/plan`, {});
    expect(same.json.changes).toEqual({ add: 0, change: 0, remove: 0, items: [] });
    const draft = await viewer.post(`/devices/${deviceId}/plan`, { draft: { intent: reweighted } });
    expect(draft.status, draft.text).toBe(200);
    expect(draft.json.changes.change + draft.json.changes.add + draft.json.changes.remove).toBeGreaterThan(0);
    expect(draft.json.meaning[0]).toBe("New connections: isp-a 50 %, isp-b 50 %.");
    // The saved intent is still the pushed one; the wizard now starts from it.
    expect((await viewer.get(`/devices/${deviceId}/policy`)).json.intent.links[0].weight).toBe(3);
    expect((await operator.get(`/devices/${deviceId}/wizard/proposal`)).json.existing.intent.links[0].weight).toBe(3);
  });
});
