import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentInput } from "@/lib/domain/intent";
import { pushFinished } from "./support";
import { startRouterSite, type RouterSite } from "./router-site";

// POST /devices/{id}/plan with a draft: an unsaved intent previewed against the router as it is now, with what a
// push would add, change and remove there and what the plan means; nothing is saved.

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
    expect(preview.json.meaning.some((l: string) => l.startsWith("If isp-a misses 3 probes of 192.0.2.10 and 192.0.2.11 1 s apart (about 3.5 s)"))).toBe(true);
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
    // The saved intent is still the pushed one.
    expect((await viewer.get(`/devices/${deviceId}/policy`)).json.intent.links[0].weight).toBe(3);
  });
});
