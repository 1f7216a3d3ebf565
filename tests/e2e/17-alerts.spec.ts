// The /alerts page as an admin configures it: an e-mail channel through the form and "Send test" against a real
// SMTP server process on loopback (the reply shown in words), a signed webhook channel tested against a receiver on
// loopback, a rule through its form (checkboxes, never JSON), a delete confirmed in the in-app dialog; and a viewer
// who sees it all without the forms. Screenshots at 1280 and 390 px, light and dark, each checked by axe.
import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";
import { startSmtpSink, type SmtpSink } from "../support/alerts/smtp-sink-process";
import { startWebhookReceiver, type WebhookReceiver } from "../support/alerts/webhook-receiver";
import { expect, test } from "./fixtures";
import { asSeedingAdmin, seededUser, uniqueName } from "./seed";
import { startRouterOsSim, type RouterOsSim } from "./routeros-sim";
import { ROUTEROS_INTENT } from "./screens";
import { DialogWatcher, dismissNotices, screenshot } from "./support";

test.describe.configure({ mode: "serial" });

const ADMIN = seededUser("17-alerts", "admin");
const VIEWER = seededUser("17-alerts", "viewer");
const MAIL = `${uniqueName("17-alerts")} NOC mail`;
const HOOK = `${uniqueName("17-alerts")} pager hook`;
const RULE = `${uniqueName("17-alerts")} WAN links`;
const WATCH = `${uniqueName("17-alerts")} unreachable watch`;
const GATEWAY = `${uniqueName("17-alerts")} router`;

/**
 * A simulated MikroTik router with the dual-WAN policy pushed (so the monitor reads it), which the test then stops:
 * the router stops answering, as a real one does when its uplink to the dashboard goes.
 */
async function seedPushedRouter(): Promise<{ id: string; sim: RouterOsSim }> {
  const sim = await startRouterOsSim("17-alerts");
  const id = await asSeedingAdmin(async (api, csrf) => {
    const headers = { "x-csrf-token": csrf };
    const router = await api.post("/api/v1/devices", {
      headers,
      data: { kind: "routeros", name: GATEWAY, host: sim.host, port: sim.port, username: sim.username, password: sim.password },
    });
    expect(router.status(), await router.text()).toBe(201);
    const { id } = (await router.json()) as { id: string };
    expect((await api.put(`/api/v1/devices/${id}/policy`, { headers, data: ROUTEROS_INTENT })).status()).toBe(200);
    const push = await api.post(`/api/v1/devices/${id}/push?wait=90`, { headers, data: { reason: "e2e: alerts", confirmWindowSec: 20 }, timeout: 120_000 });
    expect(((await push.json()) as { status: string }).status).toBe("confirmed");
    return id;
  });
  return { id, sim };
}

async function setMonitored(deviceId: string, monitored: boolean): Promise<void> {
  await asSeedingAdmin(async (api, csrf) => {
    const reply = await api.patch(`/api/v1/devices/${deviceId}/monitoring`, { headers: { "x-csrf-token": csrf }, data: { monitored } });
    expect(reply.status(), await reply.text()).toBe(200);
  });
}

let sink: SmtpSink;
let receiver: WebhookReceiver;
let dialogs: DialogWatcher;

test.beforeAll(async () => {
  sink = await startSmtpSink();
  receiver = await startWebhookReceiver("e2e-hook-secret");
});
test.afterAll(async () => {
  await sink?.stop();
  await receiver?.stop();
});

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(" ")}`));
}

async function everyMode(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const [label, colorScheme, width] of [
    ["light", "light", 1280],
    ["dark", "dark", 1280],
    ["light-390", "light", 390],
    ["dark-390", "dark", 390],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme });
    expect(await seriousViolations(page), `${name} ${label}`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await screenshot(page, testInfo, `17-${name}-${label}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}

test.describe("admin", () => {
  test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });
  test.beforeEach(({ page }) => {
    dialogs = new DialogWatcher(page);
  });
  test.afterEach(() => {
    expect(dialogs.seen).toEqual([]);
  });

  test("[alerts] an e-mail channel through the form; Send test shows the SMTP server's reply", async ({ page }) => {
    await page.goto("/alerts");
    await expect(page).toHaveTitle("Alerts · Waymark");
    await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Alerts", exact: true })).toHaveAttribute("aria-current", "page");
    const form = page.getByRole("form", { name: "Add a channel" });
    await form.getByLabel("Name", { exact: true }).fill(MAIL);
    await form.getByLabel("SMTP server").fill("127.0.0.1");
    await form.getByLabel("Port", { exact: true }).fill(String(sink.port));
    await form.getByLabel("Security").selectOption("none");
    await form.getByLabel("From", { exact: true }).fill("waymark@example.net");
    await form.getByLabel("To", { exact: true }).fill("noc@example.net, oncall@example.net");
    await form.getByRole("button", { name: "Add channel" }).click();
    const channel = page.getByTestId("channel").filter({ hasText: MAIL });
    await expect(channel).toContainText("noc@example.net, oncall@example.net via 127.0.0.1");
    await expect(channel).toContainText("Password: not set");
    await channel.getByRole("button", { name: "Send test" }).click();
    await expect(channel.getByTestId("test-outcome")).toContainText(/Sent: the mail server accepted it: 250/);
    const [mail] = await sink.waitFor(1);
    expect(mail?.to).toEqual(["noc@example.net", "oncall@example.net"]);
    expect(mail?.data).toContain("Subject: [Waymark] Waymark: test message");
  });

  test("[alerts] a refused form says why, in the API's words", async ({ page }) => {
    await page.goto("/alerts");
    const form = page.getByRole("form", { name: "Add a channel" });
    await form.getByLabel("Sends by").selectOption("webhook");
    await form.getByLabel("Name", { exact: true }).fill(`${HOOK} bad`);
    await form.getByLabel("URL", { exact: true }).fill("ftp://hooks.example.net/x");
    await form.getByRole("button", { name: "Add channel" }).click();
    await expect(form.getByRole("alert")).toContainText("an http:// or https:// address");
  });

  test("[alerts] a signed webhook channel; Send test shows the receiver's HTTP status", async ({ page }) => {
    await page.goto("/alerts");
    const form = page.getByRole("form", { name: "Add a channel" });
    await form.getByLabel("Sends by").selectOption("webhook");
    await form.getByLabel("Name", { exact: true }).fill(HOOK);
    await form.getByLabel("URL", { exact: true }).fill(receiver.url);
    await form.getByLabel("Signing secret (HMAC key)").fill("e2e-hook-secret");
    await form.getByRole("button", { name: "Add channel" }).click();
    const channel = page.getByTestId("channel").filter({ hasText: HOOK });
    await expect(channel).toContainText("Signing secret: set");
    await channel.getByRole("button", { name: "Send test" }).click();
    await expect(channel.getByTestId("test-outcome")).toHaveText("Sent: the receiver answered HTTP 200 OK");
    expect(receiver.accepted()[0]).toMatchObject({ schema: "waymark.alert/v1", event: "test" });
  });

  test("[alerts] a rule through its form, kept at 1280 and 390 px, light and dark", async ({ page }, testInfo) => {
    await page.goto("/alerts");
    const form = page.getByRole("form", { name: "Add a rule" });
    await form.getByLabel("Name", { exact: true }).fill(RULE);
    await form.getByRole("checkbox", { name: "Drift (device changed outside Waymark) and back in sync" }).check();
    await form.getByRole("radio", { name: "Chosen devices" }).check();
    await expect(form.getByRole("group", { name: "Devices" }).or(form.getByText("No devices yet."))).toBeVisible();
    await form.getByRole("radio", { name: "All devices, including ones added later" }).check();
    await form.getByRole("checkbox", { name: MAIL }).check();
    await form.getByRole("checkbox", { name: HOOK }).check();
    await form.getByLabel("Cooldown (seconds)").fill("120");
    await form.getByRole("button", { name: "Add rule" }).click();
    const rule = page.getByTestId("rule").filter({ hasText: RULE });
    await expect(rule).toContainText("On: all devices");
    await expect(rule).toContainText(MAIL);
    await expect(rule).toContainText(HOOK);
    await expect(rule).toContainText("Cooldown 120 s · flapping after 4 changes in 10 min");
    await dismissNotices(page);
    await everyMode(page, testInfo, "alerts-admin");
  });

  test("[alerts] a router that stops answering is one open alert, shown here and mailed once", async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    const { id: deviceId, sim } = await seedPushedRouter();
    try {
      await page.goto("/alerts");
      // The rule for all devices goes first (each rule keeps its own alerts), asked in the page.
      const everything = page.getByTestId("rule").filter({ hasText: RULE });
      await everything.getByRole("button", { name: "Delete" }).click();
      const dialog = page.getByRole("dialog", { name: `Delete rule ${RULE}?` });
      await expect(dialog).toBeVisible();
      await dialog.getByRole("button", { name: "Delete rule" }).click();
      await expect(everything).toHaveCount(0);
      const form = page.getByRole("form", { name: "Add a rule" });
      await form.getByLabel("Name", { exact: true }).fill(WATCH);
      await form.getByRole("radio", { name: "Chosen devices" }).check();
      await form.getByRole("group", { name: "Devices" }).getByRole("checkbox", { name: GATEWAY }).check();
      await form.getByRole("checkbox", { name: MAIL }).check();
      await form.getByRole("button", { name: "Add rule" }).click();
      await expect(page.getByTestId("rule").filter({ hasText: WATCH })).toContainText(`On: ${GATEWAY}`);
      const mailsBefore = sink.messages.length;
      await page.waitForTimeout(3_000); // the monitor re-reads the rules every 2 s
      sim.stop();
      const alert = page.getByRole("list", { name: "Open alerts" }).getByTestId("alert").filter({ hasText: GATEWAY });
      await expect(async () => {
        await page.reload();
        await expect(alert).toContainText(/device (unreachable|not answering)/, { timeout: 1_000 });
        await expect(alert).toContainText(`Alert to ${MAIL}: sent`, { timeout: 1_000 });
      }).toPass({ timeout: 60_000 });
      const mails = (await sink.waitFor(mailsBefore + 1)).slice(mailsBefore);
      expect(mails.filter((m) => m.data.includes(GATEWAY))).toHaveLength(1);
      await alert.getByText(/^Timeline/).click();
      await expect(alert.getByRole("listitem").filter({ hasText: "ok →" })).toBeVisible();
      await dismissNotices(page);
      await everyMode(page, testInfo, "alerts-open");
    } finally {
      sim.stop();
      await setMonitored(deviceId, false);
    }
    await page.getByTestId("rule").filter({ hasText: WATCH }).getByRole("button", { name: "Delete" }).click();
    await page
      .getByRole("dialog", { name: `Delete rule ${WATCH}?` })
      .getByRole("button", { name: "Delete rule" })
      .click();
    await expect(page.getByTestId("rule").filter({ hasText: WATCH })).toHaveCount(0);
  });

  test("[alerts] deleting a channel asks in the page first", async ({ page }) => {
    await page.goto("/alerts");
    for (const name of [HOOK, MAIL]) {
      await page.getByTestId("channel").filter({ hasText: name }).getByRole("button", { name: "Delete" }).click();
      await page
        .getByRole("dialog", { name: `Delete channel ${name}?` })
        .getByRole("button", { name: "Delete channel" })
        .click();
      await expect(page.getByTestId("channel").filter({ hasText: name })).toHaveCount(0);
    }
  });
});

test.describe("viewer", () => {
  test.use({ storageState: async ({}, use) => use(await VIEWER.storageState()) });

  test("[alerts] a viewer sees the alerts, channels and rules, and no form", async ({ page }, testInfo) => {
    await page.goto("/alerts");
    await expect(page.getByRole("heading", { name: /^Open \(\d+\)$/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Channels" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Add a channel" })).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Add a rule" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Send test" })).toHaveCount(0);
    await screenshot(page, testInfo, "17-alerts-viewer");
  });
});
