import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notice } from "@/lib/domain/alerts/notice";
import { startSmtpSink, type SmtpSink } from "@tests/support/alerts/smtp-sink-process";
import { startWebhookReceiver } from "@tests/support/alerts/webhook-receiver";
import { alertLinks } from "./outcome";
import { sendNotice } from "./send";

const notice: Notice = {
  alertId: "a1",
  phase: "open",
  device: { id: "dev1", name: "edge-01" },
  subject: "link",
  name: "wan1",
  kind: "link_down",
  state: "down",
  title: "wan1 down",
  text: "edge-01: wan1 down (was up), detected 12:00:00 UTC by the device's clock. Probe loss 100 %.",
  detectedAtMs: Date.UTC(2026, 0, 1, 12),
  openedAtMs: Date.UTC(2026, 0, 1, 12, 0, 1),
  resolvedAtMs: null,
  timeline: [{ atMs: Date.UTC(2026, 0, 1, 12), state: "down", previous: "up", detail: "probe loss 100 %" }],
  flapping: false,
};
const links = alertLinks("http://127.0.0.1:3000", "dev1");

describe("[alerts] senders against a real SMTP server and HTTP receiver on loopback", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink({ password: "s3cret pass" });
  });
  afterAll(() => sink.stop());

  it("mails the notice with the subject, the timeline and the links, logging in when a user is set", async () => {
    const settings = {
      kind: "email" as const,
      email: {
        host: "127.0.0.1",
        port: sink.port,
        security: "none" as const,
        user: "alerts",
        from: "waymark@example.net",
        to: ["noc@example.net", "oncall@example.net"],
      },
    };
    const outcome = await sendNotice(settings, "s3cret pass", notice, links);
    expect(outcome).toEqual({ ok: true, detail: expect.stringMatching(/^the mail server accepted it: 250/) });
    const [mail] = await sink.waitFor(1);
    expect(mail?.to).toEqual(["noc@example.net", "oncall@example.net"]);
    expect(mail?.user).toBe("alerts");
    expect(mail?.data).toContain("Subject: [Waymark] edge-01: wan1 down");
    expect(mail?.data).toContain("Timeline (device clock):");
    expect(mail?.data).toContain("http://127.0.0.1:3000/devices/dev1");
    expect(mail?.data).not.toContain("s3cret");
  });

  it("says why in the admin's words when the password is wrong or nothing listens", async () => {
    const settings = {
      kind: "email" as const,
      email: { host: "127.0.0.1", port: sink.port, security: "none" as const, user: "alerts", from: "w@example.net", to: ["n@example.net"] },
    };
    const wrong = await sendNotice(settings, "nope", notice, links);
    expect(wrong.ok).toBe(false);
    expect(wrong.detail).toMatch(/refused it: 535|user name or password/);
    const closed = await sendNotice({ kind: "email", email: { ...settings.email, port: 1 } }, null, notice, links);
    expect(closed).toEqual({ ok: false, detail: "nothing answers on 127.0.0.1:1 (connection refused)" });
  });

  it("posts the v1 body signed with HMAC-SHA256 over timestamp.body; non-2xx and redirects fail", async () => {
    const receiver = await startWebhookReceiver("hook-key", [500, 302]);
    try {
      const settings = { kind: "webhook" as const, webhook: { url: receiver.url } };
      expect(await sendNotice(settings, "hook-key", notice, links)).toEqual({ ok: false, detail: "the receiver answered HTTP 500 Internal Server Error" });
      expect((await sendNotice(settings, "hook-key", notice, links)).detail).toMatch(/302 Found, a redirect, which Waymark does not follow/);
      expect(await sendNotice(settings, "hook-key", notice, links)).toEqual({ ok: true, detail: "the receiver answered HTTP 200 OK" });
      const [body] = receiver.accepted();
      expect(body).toMatchObject({
        schema: "waymark.alert/v1",
        event: "open",
        alert: { title: "wan1 down", device: { name: "edge-01" }, detectedAt: "2026-01-01T12:00:00.000Z", url: links.device },
      });
      expect(await sendNotice(settings, "other-key", notice, links)).toEqual({ ok: false, detail: "the receiver answered HTTP 401 Unauthorized" });
    } finally {
      await receiver.stop();
    }
  });
});
