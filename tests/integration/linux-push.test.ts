// Pushing a load-balancing policy to a real Linux gateway through the API (the dual-WAN lab: OpenSSH, nftables,
// iproute2, conntrack): save → preview → push in the background → poll → history, idempotency, one push at a
// time, read-back of link states and counters, a push that fails its health gate and is rolled back, drift, the
// audit trail, and roles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, summarize, type WanLab } from "../../lab";
import { startPrivateSshd, type PrivateSshd } from "../../lab/private-sshd";
import type { IntentInput } from "@/lib/domain/intent";
import { pushFinished, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";
import { addLabGateway } from "./lab-gateway";

let lab: WanLab;
let sshd: PrivateSshd;
let app: AppEnvironment;
let admin: ApiClient;
let operator: ApiClient;
let viewer: ApiClient;
let deviceId: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function intent(isp2Targets?: string[]): IntentInput {
  return {
    links: [
      { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe: { targets: [...lab.probeTargets] } },
      { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: isp2Targets ?? [...lab.probeTargets] } },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
  };
}

const finished = (pushId: string, timeoutMs?: number) => pushFinished(viewer, pushId, timeoutMs);

async function pushAndWait(reason: string, timeoutMs?: number): Promise<any> {
  const started = await operator.post(`/devices/${deviceId}/push`, { reason, confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  return finished(started.json.id, timeoutMs);
}

beforeAll(async () => {
  lab = await startWanLab({ label: "api-push", lanClients: 2 });
  // The gateway's Waymark directories private to this lab, so other lab runs on the machine cannot interfere.
  sshd = await startPrivateSshd(lab);
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  viewer = await userWithRole(app, admin, "viewer");
  const added = await addLabGateway(admin, operator, lab, sshd);
  deviceId = added.deviceId;
  expect(added.check.json.device.hostKey.fingerprint).toBe(lab.hostKeyFingerprint);
}, 90_000);

afterAll(async () => {
  await app?.close();
  await sshd?.stop();
  await lab?.stop();
});

describe("[pushes] a Linux gateway through the API", () => {
  let confirmed: any;

  it("saves the policy and previews the exact nft ruleset with its warnings, without contacting the gateway", async () => {
    const saved = await operator.put(`/devices/${deviceId}/policy`, intent());
    expect(saved.status, saved.text).toBe(200);
    const preview = await viewer.post(`/devices/${deviceId}/plan`, { flavour: "nftables" });
    expect(preview.status, preview.text).toBe(200);
    const { plan } = preview.json;
    expect(preview.json.flavour).toBe("nftables");
    expect(plan.target).toBe("linux-nftables");
    expect(plan.ruleset).toContain("table inet waymark {");
    expect(plan.ruleset).toMatch(/oifname map \{ "wan1" : "tx_isp1", "wan2" : "tx_isp2" \}/);
    expect(plan.ruleset).toContain('meta nfproto ipv4 oifname "wan2" masquerade');
    expect(plan.script).toContain("nft -f /run/waymark/candidate.nft");
    const codes = (plan.warnings as { code: string; link?: string }[]).map((w) => `${w.code}${w.link ? `:${w.link}` : ""}`);
    expect(codes).toEqual(expect.arrayContaining(["detection-time:isp1", "detection-time:isp2", "linux-owns-mark"]));
    // Nothing was pushed: no history yet, and no state to read back.
    expect((await viewer.get(`/devices/${deviceId}/pushes`)).json).toEqual([]);
    expect((await viewer.get(`/devices/${deviceId}/state`)).status).toBe(412);
  });

  it("refuses a viewer's push (403) and records nothing", async () => {
    const reply = await viewer.post(`/devices/${deviceId}/push`, { reason: "viewer tries" });
    expect(reply.status).toBe(403);
    expect((await viewer.get(`/devices/${deviceId}/pushes`)).json).toEqual([]);
  });

  it("pushes in the background, refuses a second push meanwhile (409), and confirms with the steps in order", async () => {
    const started = await operator.post(`/devices/${deviceId}/push`, { reason: "first policy: 3:1 over isp1/isp2", confirmWindowSec: 20 });
    expect(started.status, started.text).toBe(201);
    expect(started.json).toMatchObject({ status: "running", actorName: "operator-user", reason: "first policy: 3:1 over isp1/isp2", finishedAt: null });

    const second = await operator.post(`/devices/${deviceId}/push`, { reason: "too soon" });
    expect(second.status, second.text).toBe(409);
    expect(second.json.error.message).toMatch(/already in flight; wait for it to finish/);

    const t0 = Date.now();
    confirmed = await finished(started.json.id);
    console.log(`push confirmed ${Date.now() - t0} ms after the first poll`);
    expect(confirmed, JSON.stringify(confirmed.steps, null, 1)).toMatchObject({ status: "confirmed", error: null });
    expect(confirmed.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(confirmed.finishedAt).not.toBeNull();
    // Each step once, with its final status.
    const ok = (confirmed.steps as { step: string; status: string }[]).filter((s) => s.status === "ok").map((s) => s.step);
    expect(ok).toEqual(["inspect", "compile", "connect", "upload", "check", "snapshot", "arm", "apply", "gate", "confirm"]);
    expect(confirmed.steps.some((s: { status: string }) => s.status === "failed")).toBe(false);
    const times = (confirmed.steps as { at: string }[]).map((s) => Date.parse(s.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const history = (await viewer.get(`/devices/${deviceId}/pushes`)).json;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id: started.json.id, status: "confirmed", actorName: "operator-user", reason: "first policy: 3:1 over isp1/isp2" });
  }, 90_000);

  it("reads back both links up, the monitor running, no drift and per-link counters that grow with traffic", async () => {
    const before = await viewer.get(`/devices/${deviceId}/state`);
    expect(before.status, before.text).toBe(200);
    const results = (await Promise.all(lab.clients.map((c) => c.connect({ count: 100, concurrency: 10 })))).flat();
    const summary = summarize(results);
    expect(summary.ok).toBe(200);
    const after = await viewer.get(`/devices/${deviceId}/state`);
    expect(after.json).toMatchObject({ drift: { drifted: false }, watcher: { running: true }, lastPush: { id: confirmed.id, status: "confirmed" } });
    expect(after.json.links.map((l: { name: string; state: string }) => [l.name, l.state])).toEqual([
      ["isp1", "up"],
      ["isp2", "up"],
    ]);
    for (const name of ["isp1", "isp2"] as const) {
      const was = before.json.links.find((l: { name: string }) => l.name === name);
      const now = after.json.links.find((l: { name: string }) => l.name === name);
      // Decimal strings, so nothing rounds; new connections counted exactly as the internet server saw them.
      for (const counter of [now.newConnections, now.out.packets, now.in.packets]) expect(counter).toMatch(/^\d+$/);
      expect(BigInt(now.newConnections) - BigInt(was.newConnections)).toBe(BigInt(summary.byLink[name] ?? 0));
      expect(BigInt(now.out.packets)).toBeGreaterThan(BigInt(was.out.packets));
      expect(BigInt(now.in.bytes)).toBeGreaterThan(BigInt(was.in.bytes));
      // Open flows only (established TCP and UDP): the 200 short connections have all closed by now.
      expect(now.openConnections).toEqual(expect.any(Number));
      expect(now.rttMs).not.toBeNull();
    }
  }, 60_000);

  it("answers an identical push with 'unchanged' and changes nothing", async () => {
    const again = await pushAndWait("same policy again");
    expect(again).toMatchObject({ status: "unchanged", error: null, planHash: confirmed.planHash });
    const ran = (again.steps as { step: string }[]).map((s) => s.step);
    expect(ran).not.toContain("apply");
    expect(ran).not.toContain("arm");
    const state = (await viewer.get(`/devices/${deviceId}/state`)).json;
    expect(state).toMatchObject({ drift: { drifted: false }, lastPush: { id: again.id, status: "unchanged" } });
  }, 60_000);

  it("rolls back a push whose health gate fails, says why in the history, and leaves the confirmed policy in place", async () => {
    const good = (await viewer.get(`/devices/${deviceId}/state`)).json;
    // 192.0.2.99 never answers: after the change isp2 fails its probes, so the gate must fail.
    const saved = await operator.put(`/devices/${deviceId}/policy`, intent(["192.0.2.99"]));
    expect(saved.status, saved.text).toBe(200);
    const t0 = Date.now();
    const failed = await pushAndWait("probe isp2 through a dead target", 90_000);
    console.log(`gate failure rolled back in ${Date.now() - t0} ms`);
    expect(failed.status, JSON.stringify(failed.steps, null, 1)).toBe("rolled_back");
    expect(failed.error, `${JSON.stringify(failed.steps, null, 1)}\n${await sshd.readPrivate("/run/waymark/monitor.state")}`).toMatch(
      /health gate failed: probes failed after the change: isp2 down/,
    );
    const steps = failed.steps as { step: string; status: string; at: string; detail?: string }[];
    expect(steps.filter((s) => s.status === "ok").map((s) => s.step)).toEqual([
      "inspect",
      "compile",
      "connect",
      "upload",
      "check",
      "snapshot",
      "arm",
      "apply",
      "rollback",
    ]);
    // A gate that did not pass is a failed step (issue 8, defect 10), recorded once.
    expect(steps.filter((s) => s.step === "gate")).toEqual([expect.objectContaining({ status: "failed", detail: expect.stringContaining("isp2 down") })]);
    // Waymark's verdict and rollback came while the gateway's own dead-man switch (20 s) was still armed: a gate
    // outliving the window would watch the gateway's self-rollback instead, and report on the wrong monitor.
    const at = (step: string) => Date.parse(steps.find((s) => s.step === step && s.status === "ok")!.at);
    expect(at("rollback") - at("arm")).toBeLessThan(20_000);

    const history = (await viewer.get(`/devices/${deviceId}/pushes`)).json;
    expect(history.map((p: { status: string }) => p.status)).toEqual(["rolled_back", "unchanged", "confirmed"]);
    expect(history[0]).toMatchObject({ id: failed.id, reason: "probe isp2 through a dead target", actorName: "operator-user", error: failed.error });

    // The gateway runs the last confirmed policy again: same table, both links up, no drift.
    const state = (await viewer.get(`/devices/${deviceId}/state`)).json;
    expect(state).toMatchObject({ drift: { drifted: false }, lastPush: { id: good.lastPush.id } });
    const settled = await waitForState((s) => s.links.every((l: { state: string }) => l.state === "up"));
    expect(settled.links.map((l: { name: string }) => l.name)).toEqual(["isp1", "isp2"]);
    const traffic = summarize((await Promise.all(lab.clients.map((c) => c.connect({ count: 50, concurrency: 10 })))).flat());
    expect(traffic.ok).toBe(100);
    expect(traffic.byLink.isp2 ?? 0).toBeGreaterThan(0);

    // The rollback restored exactly what was confirmed: the good policy again is "unchanged", not re-applied.
    expect((await operator.put(`/devices/${deviceId}/policy`, intent())).status).toBe(200);
    const back = await pushAndWait("back to the confirmed policy");
    expect(back).toMatchObject({ status: "unchanged", planHash: confirmed.planHash });
  }, 120_000);

  it("records every finished push in the audit log as push.finish, with who and how it ended", async () => {
    const history = (await viewer.get(`/devices/${deviceId}/pushes`)).json as { id: string; status: string }[];
    const audit = (await admin.get("/audit?limit=200")).json as {
      action: string;
      actorName: string;
      target: string;
      outcome: string;
      detail: Record<string, unknown>;
    }[];
    const finishes = audit.filter((e) => e.action === "push.finish");
    for (const push of history) {
      const event = finishes.find((e) => e.detail.push === push.id);
      expect(event, `push.finish for ${push.status}`).toMatchObject({
        actorName: "operator-user",
        target: deviceId,
        outcome: "ok",
        detail: { status: push.status },
      });
    }
    expect(finishes.find((e) => e.detail.status === "rolled_back")?.detail.error).toMatch(/health gate failed/);
    const starts = audit.filter((e) => e.action === "push.start");
    expect(starts.map((e) => e.detail.status).sort()).toEqual([201, 201, 201, 201, 403, 409]);
    expect(starts.find((e) => e.detail.status === 403)).toMatchObject({ actorName: "viewer-user", outcome: "denied" });
  });

  it("reports drift when Waymark's table is changed on the gateway behind its back", async () => {
    expect((await viewer.get(`/devices/${deviceId}/state`)).json.drift.drifted).toBe(false);
    await lab.gateway.exec(["nft", "add", "chain", "inet", "waymark", "intruder"]);
    try {
      const state = (await viewer.get(`/devices/${deviceId}/state`)).json;
      expect(state.drift).toMatchObject({ drifted: true, entries: [{ change: "changed" }] });
    } finally {
      await lab.gateway.exec(["nft", "delete", "chain", "inet", "waymark", "intruder"]);
    }
    expect((await viewer.get(`/devices/${deviceId}/state`)).json.drift.drifted).toBe(false);
  });
});

async function waitForState(done: (state: any) => boolean, timeoutMs = 10_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = (await viewer.get(`/devices/${deviceId}/state`)).json;
    if (done(state)) return state;
    if (Date.now() > deadline) throw new Error(`state not reached: ${JSON.stringify(state.links)}`);
    await sleep(200);
  }
}
