// Alerts through the API: channels and rules as an admin configures them (secrets write-only, never in a view or
// the audit log), "send test" against a real SMTP server process and a real HTTP receiver on loopback, the
// viewer's read-only access, and the delivery worker's retries (500, 500, then 200: sent on the third attempt).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge, newEngineState } from "@/lib/domain/alerts/engine";
import { deliverDueAlerts, MAX_ATTEMPTS, recordAlerts, retryDelayMs } from "@/lib/services/alerts";
import { startSmtpSink, type SmtpSink } from "@tests/support/alerts/smtp-sink-process";
import { startWebhookReceiver, type WebhookReceiver } from "@tests/support/alerts/webhook-receiver";
import { type ApiClient, type AppEnvironment, linuxDevice, PROVIDERS, setupAdmin, startAppEnvironment, userWithRole } from "./support";

describe.each(PROVIDERS)("[alerts] API on %s", (provider) => {
  let app: AppEnvironment;
  let admin: ApiClient;
  let viewer: ApiClient;
  let sink: SmtpSink;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    app = await startAppEnvironment(provider);
    admin = await setupAdmin(app);
    viewer = await userWithRole(app, admin, "viewer");
    sink = await startSmtpSink({ password: "smtp-pass-1" });
    receiver = await startWebhookReceiver("hook-secret-1", [500, 500]);
  });
  afterAll(async () => {
    await sink?.stop();
    await receiver?.stop();
    await app?.close();
  });

  const mailChannel = () => ({
    name: "NOC mail",
    settings: {
      kind: "email",
      email: { host: "127.0.0.1", port: sink.port, security: "none", user: "alerts", from: "waymark@example.net", to: ["noc@example.net"] },
    },
    secret: "smtp-pass-1",
  });

  it("keeps channel secrets write-only and sends a test mail, answering with the SMTP reply", async () => {
    const created = await admin.post("/alerts/channels", mailChannel());
    expect(created.status, created.text).toBe(201);
    expect(created.json.secretSet).toBe(true);
    expect(created.text).not.toContain("smtp-pass-1");
    const listed = await viewer.get("/alerts/channels");
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain("smtp-pass-1");
    const tested = await admin.post(`/alerts/channels/${created.json.id}/test`);
    expect(tested.status, tested.text).toBe(200);
    expect(tested.json).toEqual({ ok: true, detail: expect.stringMatching(/^the mail server accepted it: 250/) });
    const [mail] = await sink.waitFor(1);
    expect(mail?.data).toContain("Subject: [Waymark] Waymark: test message for channel NOC mail (test)");
    const audit = await app.db.auditEvent.findMany({ where: { action: { startsWith: "alert-channel" } } });
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain("smtp-pass-1");
    // Kept when not sent again; a wrong one is reported in the server's words.
    const kept = await admin.put(`/alerts/channels/${created.json.id}`, { ...mailChannel(), secret: undefined });
    expect(kept.json.secretSet).toBe(true);
    await admin.put(`/alerts/channels/${created.json.id}`, { ...mailChannel(), secret: "wrong" });
    const refused = await admin.post(`/alerts/channels/${created.json.id}/test`);
    expect(refused.json.ok).toBe(false);
    expect(refused.json.detail).toMatch(/535|user name or password/);
    await admin.put(`/alerts/channels/${created.json.id}`, mailChannel());
  });

  it("refuses a URL scheme other than http/https, a bad host, and unknown fields", async () => {
    const bad = await admin.post("/alerts/channels", { name: "x", settings: { kind: "webhook", webhook: { url: "file:///etc/passwd" } } });
    expect(bad.status).toBe(422);
    const host = await admin.post("/alerts/channels", {
      ...mailChannel(),
      name: "y",
      settings: { kind: "email", email: { ...mailChannel().settings.email, host: "a b;rm" } },
    });
    expect(host.status).toBe(422);
    const extra = await admin.post("/alerts/channels", { ...mailChannel(), name: "z", extra: 1 });
    expect(extra.status).toBe(422);
  });

  it("lets a viewer see but not configure", async () => {
    expect((await viewer.get("/alerts")).status).toBe(200);
    expect((await viewer.get("/alerts/rules")).status).toBe(200);
    expect((await viewer.post("/alerts/channels", mailChannel())).status).toBe(403);
  });

  it("retries a webhook with backoff: 500, 500, then 200 is sent on the third attempt", async () => {
    const hook = await admin.post("/alerts/channels", {
      name: "Pager hook",
      settings: { kind: "webhook", webhook: { url: receiver.url } },
      secret: "hook-secret-1",
    });
    expect(hook.status, hook.text).toBe(201);
    const device = await admin.post("/devices", linuxDevice({ name: `gw-${provider}` }));
    expect(device.status, device.text).toBe(201);
    const rule = await admin.post("/alerts/rules", {
      name: "links",
      events: ["link_down", "link_up"],
      deviceIds: [device.json.id],
      channelIds: [hook.json.id],
      cooldownSec: 0,
      flapCount: 5,
      flapWindowMin: 10,
    });
    expect(rule.status, rule.text).toBe(201);

    const out = judge(newEngineState(), {
      device: { id: device.json.id, name: `gw-${provider}` },
      rules: [rule.json],
      nowMs: Date.now(),
      newId: () => `alert-${provider}`,
      changes: [{ subject: "link", name: "wan1", state: "down", previous: "up", atMs: Date.now(), detail: "probe loss 100 %", verdict: "bad" }],
    });
    expect(await recordAlerts(app.db, out)).toBe(1);
    let now = Date.now();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await deliverDueAlerts(app.db, "test-instance", new Date(now));
      now += retryDelayMs(attempt) + 1_000 + 60_000;
    }
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(receiver.requests.every((r) => r.signed)).toBe(true);
    const delivery = await app.db.alertDelivery.findFirstOrThrow({ where: { alertId: `alert-${provider}` } });
    expect(delivery).toMatchObject({ status: "sent", attempts: 3, outcome: "the receiver answered HTTP 200 OK" });
    const listed = await viewer.get("/alerts");
    expect(listed.json.open).toEqual([
      expect.objectContaining({ message: "wan1 down", deliveries: [expect.objectContaining({ channelName: "Pager hook", status: "sent", attempts: 3 })] }),
    ]);
    expect(retryDelayMs(1)).toBe(5_000);
    expect(retryDelayMs(2)).toBe(10_000);
    expect(retryDelayMs(MAX_ATTEMPTS)).toBe(3_600_000);
  });

  it("two rules covering one change on one channel send it once", async () => {
    const channel = (await admin.get("/alerts/channels")).json.find((c: { name: string }) => c.name === "NOC mail");
    const device = (await admin.get("/devices")).json[0];
    const rules = ["a", "b"].map((id) => ({
      id,
      name: id,
      events: ["link_down" as const],
      deviceIds: null,
      channelIds: [channel.id],
      cooldownSec: 0,
      flapCount: 5,
      flapWindowMin: 10,
    }));
    let n = 0;
    const out = judge(newEngineState(), {
      device: { id: device.id, name: device.name },
      rules,
      nowMs: Date.now(),
      newId: () => `twice-${provider}-${++n}`,
      changes: [{ subject: "link", name: "wan2", state: "down", previous: "up", atMs: Date.now(), detail: "", verdict: "bad" }],
    });
    expect(out.opened).toHaveLength(2);
    expect(await recordAlerts(app.db, out)).toBe(1);
  });

  it("deleting a channel takes it out of its rules", async () => {
    const channels = (await admin.get("/alerts/channels")).json as { id: string; name: string }[];
    const hook = channels.find((c) => c.name === "Pager hook")!;
    expect((await admin.delete(`/alerts/channels/${hook.id}`)).status).toBe(200);
    const rules = (await admin.get("/alerts/rules")).json;
    expect(rules[0]).toMatchObject({ channelIds: [], enabled: false });
  });
});
