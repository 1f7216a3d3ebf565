// "Remove Waymark's policy" from a real Linux gateway through the API (the dual-WAN lab: OpenSSH, nftables,
// iproute2): POST /devices/{id}/policy/removal?wait=60 answers when the removal has ended, with each step once; the
// gateway then holds nothing of Waymark's; the state view says the policy was removed; a second removal is
// "unchanged"; the saved policy stays and can be pushed again. Issue 9 §4.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, type WanLab } from "../../lab";
import { startPrivateSshd, type PrivateSshd } from "../../lab/private-sshd";
import type { IntentInput } from "@/lib/domain/intent";
import { setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";
import { addLabGateway } from "./lab-gateway";

let lab: WanLab;
let sshd: PrivateSshd;
let app: AppEnvironment;
let admin: ApiClient;
let operator: ApiClient;
let deviceId: string;

const intent = (): IntentInput => ({
  links: [
    { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe: { targets: [...lab.probeTargets] } },
    { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
});

/** Waymark's objects as the gateway shows them: its tables, rule priorities, link tables and files. */
async function waymarkOnGateway(): Promise<string[]> {
  const found: string[] = [];
  const tables = (await lab.gateway.exec(["nft", "list", "tables"])).stdout;
  if (/inet waymark\b/.test(tables)) found.push("table inet waymark");
  if (tables.includes("waymark_watch")) found.push("table inet waymark_watch");
  const rules = (await lab.gateway.exec(["ip", "-4", "rule", "show"])).stdout;
  if (/^190\d\d:/m.test(rules)) found.push("rules 19000-19090");
  const routes = (await lab.gateway.exec(["ip", "-4", "route", "show", "table", "all"])).stdout;
  if (/table 200\d\d/.test(routes)) found.push("tables 20001+");
  for (const dir of ["/etc/waymark", "/usr/local/lib/waymark", "/run/waymark"]) {
    const files = (await sshd.readPrivate(dir)).trim();
    if (files) found.push(`${dir}: ${files.replaceAll("\n", " ")}`);
  }
  return found;
}

beforeAll(async () => {
  lab = await startWanLab({ label: "api-remove", lanClients: 1 });
  sshd = await startPrivateSshd(lab);
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  ({ deviceId } = await addLabGateway(admin, operator, lab, sshd));
  expect((await operator.put(`/devices/${deviceId}/policy`, intent())).status).toBe(200);
}, 90_000);

afterAll(async () => {
  await app?.close();
  await sshd?.stop();
  await lab?.stop();
});

describe("[pushes] removing Waymark's policy from a Linux gateway through the API", () => {
  it("removes every object Waymark created, answering when the removal has ended", async () => {
    const pushed = await operator.post(`/devices/${deviceId}/push?wait=60`, { reason: "policy to remove later", confirmWindowSec: 20 });
    expect(pushed.json, pushed.text).toMatchObject({ status: "confirmed" });
    expect(await waymarkOnGateway()).toEqual(expect.arrayContaining(["table inet waymark", "rules 19000-19090", "tables 20001+"]));

    const t0 = Date.now();
    const removed = await operator.post(`/devices/${deviceId}/policy/removal?wait=60`, { reason: "decommissioning Waymark here", confirmWindowSec: 20 });
    console.log(`removal ended ${Date.now() - t0} ms after the call`);
    expect(removed.status, removed.text).toBe(201);
    expect(removed.json, JSON.stringify(removed.json.steps, null, 1)).toMatchObject({
      status: "confirmed",
      error: null,
      reason: "decommissioning Waymark here",
      actorName: "operator-user",
    });
    const steps = removed.json.steps as { step: string; status: string }[];
    expect(steps.map((s) => `${s.step}:${s.status}`)).toEqual(
      ["inspect", "connect", "upload", "snapshot", "arm", "apply", "gate", "confirm"].map((s) => `${s}:ok`),
    );
    expect(await waymarkOnGateway()).toEqual([]);

    const state = await operator.get(`/devices/${deviceId}/state`);
    expect(state.status).toBe(412);
    expect(state.text).toMatch(/Waymark's policy was removed from this device/);
  }, 120_000);

  it("answers a second removal with 'unchanged', leaving nothing behind", async () => {
    const again = await operator.post(`/devices/${deviceId}/policy/removal?wait=60`, { reason: "again" });
    expect(again.json, again.text).toMatchObject({ status: "unchanged", error: null });
    expect(await waymarkOnGateway()).toEqual([]);
    const history = (await operator.get(`/devices/${deviceId}/pushes`)).json as { status: string; reason: string }[];
    expect(history.map((p) => `${p.status}: ${p.reason}`)).toEqual([
      "unchanged: again",
      "confirmed: decommissioning Waymark here",
      "confirmed: policy to remove later",
    ]);
    const audit = (await admin.get("/audit?limit=50")).json as { action: string; detail: Record<string, unknown> }[];
    expect(audit.filter((e) => e.action === "push.remove.finish").map((e) => e.detail.status)).toEqual(["unchanged", "confirmed"]);
  }, 60_000);

  it("keeps the saved policy, which can be pushed again", async () => {
    const back = await operator.post(`/devices/${deviceId}/push?wait=60`, { reason: "back again", confirmWindowSec: 20 });
    expect(back.json, back.text).toMatchObject({ status: "confirmed" });
    const state = await operator.get(`/devices/${deviceId}/state`);
    expect(state.json).toMatchObject({ drift: { drifted: false }, lastPush: { id: back.json.id } });
  }, 90_000);
});
