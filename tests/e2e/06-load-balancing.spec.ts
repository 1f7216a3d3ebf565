// Load balancing through the UI, against the dual-WAN lab (lab/wan-lab-cli.ts, brought up by the global setup): a
// real gateway namespace with sshd (root by key), wan1 → isp1 and wan2 → isp2 towards an internet host, and LAN
// clients behind lan0. The admin adds the gateway, saves an intent (a hostile one is refused first), previews the
// nftables plan, pushes it, and watches the live state: both links up, and the per-link new-connection counters
// following real LAN traffic opened inside the lab's namespaces.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Locator, Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { seededUser } from "./seed";
import { DialogWatcher, dismissNotices, labTraffic, screenshot, wanLabDetails, type WanLabDetails } from "./support";
import { expectLinkUp, expectStepsDone, linkNewConnections, liveStateHeading, openPolicyJson } from "./state-panel";

// The WAN lab's one gateway is this spec's alone; its tests follow one device from adding to live traffic.
test.describe.configure({ mode: "serial" });

const ADMIN = seededUser("06-load-balancing", "admin");
test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });

const NAME = "06-load-balancing wan lab gateway";
const REASON = "e2e: balance 3:1 over isp1/isp2";
const TRAFFIC = 200;
const MORE = 20;
/** The monitor's default poll interval: the done-when bound for a change to reach the page is one interval and a second. */
const POLL_INTERVAL_MS = 2_000;

let deviceUrl = "";
let dialogs: DialogWatcher;

test.beforeEach(({ page }) => {
  dialogs = new DialogWatcher(page);
});

test.afterEach(() => {
  expect(dialogs.seen).toEqual([]);
});

/** isp1 weight 3 on wan1, isp2 weight 1 on wan2, both probing the lab's internet host; the lab's LAN. */
function labIntent(lab: WanLabDetails) {
  const link = (name: string) => {
    const found = lab.links.find((l) => l.name === name);
    if (!found) throw new Error(`WAN lab has no ${name}`);
    return found;
  };
  return {
    links: [
      { name: "isp1", interface: link("isp1").interface, gateway: link("isp1").gateway, weight: 3, probe: { targets: [...lab.probeTargets] } },
      { name: "isp2", interface: link("isp2").interface, gateway: link("isp2").gateway, weight: 1, probe: { targets: [...lab.probeTargets] } },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
  };
}

function deviceId(): string {
  const id = deviceUrl.split("/").at(-1);
  if (!id) throw new Error("no device yet");
  return id;
}

/** The cumulative count of new connections the gateway gave a link (NaN while it reports no counter). */
const newConnections = (page: Page, link: string) => linkNewConnections(page, link);

/** One element's screenshot, kept next to the full-page ones (test-results/screenshots/<name>.png). */
async function screenshotOf(locator: Locator, testInfo: TestInfo, name: string): Promise<void> {
  const dir = path.join(testInfo.project.outputDir, "screenshots");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await locator.screenshot({ path: file, animations: "disabled" });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

test("[load-balancing] add the WAN lab's gateway with a private key and reach it as root", async ({ page }) => {
  const lab = wanLabDetails();
  await page.goto("/devices/new");
  await expect(page.getByRole("heading", { name: "Add device" })).toBeVisible();
  await page.getByLabel("Linux gateway (SSH)").check();
  await page.getByLabel("Name", { exact: true }).fill(NAME);
  await page.getByLabel("Host (address or DNS name)").fill(lab.host);
  await page.getByLabel("Port", { exact: true }).fill(String(lab.port));
  await page.getByLabel("User", { exact: true }).fill(lab.username);
  await page.getByRole("radio", { name: "Private key" }).check();
  await page.getByRole("textbox", { name: "Private key", exact: true }).fill(lab.privateKey);
  await page.getByRole("button", { name: "Add device" }).click();

  await expect(page).toHaveURL(/\/devices\/(?!new$)[^/]+$/);
  await expect(page.getByTestId("device-name")).toHaveText(NAME);
  deviceUrl = new URL(page.url()).pathname;
  await expect(page.getByText("private key", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reachable" })).toBeVisible();
  await expect(page.getByTestId("connection-status")).toHaveText("reachable");
  await expect(page.getByTestId("host-key")).toHaveText(`ssh-ed25519 ${lab.hostKeyFingerprint}`);
  await expect(page.getByTestId("device-identity")).toHaveText(lab.hostname);

  // A fresh Linux gateway: nothing to read back yet; the Policy tab offers an example intent, nothing to plan or push.
  await expect(liveStateHeading(page)).toHaveCount(0);
  await expect(page.getByTestId("no-policy-on-device")).toBeVisible();
  await openPolicyJson(page, deviceUrl);
  await expect(page.getByRole("heading", { name: "Plan", exact: true })).toHaveCount(0);
  await expect(page.getByText("Nothing pushed yet.")).toBeVisible();
});

test("[load-balancing] an intent with a hostile interface name is refused with the offending field, and nothing is saved", async ({ page }) => {
  const lab = wanLabDetails();
  const hostile = labIntent(lab);
  hostile.links[0]!.interface = "wan1;reboot";
  const editor = await openPolicyJson(page, deviceUrl);
  await editor.fill(JSON.stringify(hostile, null, 2));
  await page.getByRole("button", { name: "Save policy" }).click();

  const problems = page.getByRole("alert").filter({ hasText: "links.0.interface" });
  await expect(problems).toBeVisible();
  await expect(problems).toContainText("links.0.interface: 1–64 characters: letters, digits, spaces and . _ - @ : + ( )");
  await expect(page.getByRole("status").filter({ hasText: "Policy saved" })).toHaveCount(0);

  const stored = await page.request.get(`/api/v1/devices/${deviceId()}/policy`);
  expect(stored.status()).toBe(200);
  expect(await stored.json()).toBeNull();
  // The refused edit is still unsaved, so leaving the page asks first.
  await expect(page.getByTestId("policy-unsaved")).toBeVisible();
  dialogs.acceptNext();
  await page.reload();
  expect(dialogs.seen.splice(0)).toEqual([{ type: "beforeunload", message: "" }]);
  await page.getByRole("button", { name: "Advanced (JSON)" }).click();
  await expect(page.getByLabel("Intent (JSON)")).not.toHaveValue(/reboot/);
  await expect(page.getByRole("heading", { name: "Plan", exact: true })).toHaveCount(0);
});

test("[load-balancing] save the lab's intent and preview the nftables plan with its warnings", async ({ page }) => {
  const lab = wanLabDetails();
  const intent = labIntent(lab);
  await (await openPolicyJson(page, deviceUrl)).fill(JSON.stringify(intent, null, 2));
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Policy saved; nothing was pushed yet" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Plan", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Push", exact: true })).toBeVisible();

  const stored = await page.request.get(`/api/v1/devices/${deviceId()}/policy`);
  expect(stored.status()).toBe(200);
  expect(await stored.json()).toMatchObject({ revision: 1, updatedBy: ADMIN.username, intent });

  await expect(page.getByLabel("Flavour")).toHaveValue("");
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByTestId("plan-label")).toHaveText("Linux · nftables · checked against the device's interfaces and networks");
  const script = page.getByTestId("plan-script");
  await expect(script).toContainText("table inet waymark");
  await expect(script).toContainText('"wan1"');
  await expect(script).toContainText('"wan2"');
  const warnings = page.getByTestId("plan-warnings");
  await expect(warnings).toContainText("isp1: a dead link is detected in");
  await expect(warnings).toContainText("isp2: a dead link is detected in");
  await expect(warnings.getByRole("listitem").first()).toHaveAttribute("data-severity", /^(error|warning|info)$/);

  // A what-if for the other firewall compiles without asking the gateway.
  await page.getByLabel("Flavour").selectOption("iptables");
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByTestId("plan-label")).toHaveText("Linux · iptables · not checked against the device: its interfaces and networks were not read");
  // Previewing sent nothing: still no history.
  await expect(page.getByText("Nothing pushed yet.")).toBeVisible();
  expect(await (await page.request.get(`/api/v1/devices/${deviceId()}/pushes`)).json()).toEqual([]);
});

test("[load-balancing] push with a reason: the steps end confirmed, the history keeps the reason, both links are up", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(`${deviceUrl}/policy`);
  await page.getByLabel("Reason for this change (kept in the history)").fill(REASON);
  await page.getByRole("button", { name: "Push", exact: true }).click();

  await expect(page.getByTestId("push-steps")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Push confirmed" })).toBeVisible({ timeout: 90_000 });
  await expectStepsDone(page, ["inspect", "compile", "apply", "gate", "confirm"]);
  await expect(page.getByTestId("push-steps").locator("li[data-step]").last()).toHaveAttribute("data-step", "confirm");

  const row = page.getByTestId("push-history").getByRole("row").filter({ hasText: REASON });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("confirmed");
  await expect(row).toContainText(ADMIN.username);
  await expect(row).toContainText("push of revision 1");

  // What the gateway does now is on the overview.
  await page.goto(deviceUrl);
  await expect(liveStateHeading(page)).toBeVisible();
  await expectLinkUp(page, "isp1");
  await expectLinkUp(page, "isp2");
  await expect(page.getByTestId("watcher-stopped")).toHaveCount(0);
  await expect(page.getByTestId("drift")).toHaveCount(0);

  await dismissNotices(page);
  await screenshot(page, testInfo, "device-load-balancing");
});

test("[load-balancing] LAN traffic through the gateway shows up in the per-link new-connection counters", async ({ page }, testInfo) => {
  await page.goto(deviceUrl);
  await expectLinkUp(page, "isp1");
  await expectLinkUp(page, "isp2");
  const before = { isp1: await newConnections(page, "isp1"), isp2: await newConnections(page, "isp2") };
  expect(before.isp1).not.toBeNaN();
  expect(before.isp2).not.toBeNaN();

  const summary = await labTraffic(TRAFFIC, "lb");
  expect(summary, JSON.stringify(summary)).toMatchObject({ total: TRAFFIC, ok: TRAFFIC, failed: 0 });
  // Weighted 3:1 per connection: both links carry some of it, isp1 the larger share.
  const isp1 = summary.byLink.isp1 ?? 0;
  const isp2 = summary.byLink.isp2 ?? 0;
  expect(isp1 + isp2).toBe(TRAFFIC);
  expect(isp2).toBeGreaterThan(0);
  expect(isp1).toBeGreaterThan(isp2);

  // The table is live (the monitor reads the gateway every 2 s); its counters then match what the internet host saw,
  // connection for connection.
  await expect.poll(() => newConnections(page, "isp1"), { timeout: 15_000 }).toBe(before.isp1 + isp1);
  await expect.poll(() => newConnections(page, "isp2"), { timeout: 15_000 }).toBe(before.isp2 + isp2);
  expect(await newConnections(page, "isp1")).toBeGreaterThan(0);
  expect(await newConnections(page, "isp2")).toBeGreaterThan(0);

  // A few more connections reach the open page within one poll interval and a second, measured from the moment the
  // last of them was made (when labTraffic returns: the delay can only look shorter by its exit, never longer).
  const total = (await newConnections(page, "isp1")) + (await newConnections(page, "isp2"));
  const more = await labTraffic(MORE, "lb");
  const changedAt = Date.now();
  expect(more, JSON.stringify(more)).toMatchObject({ total: MORE, ok: MORE });
  await page.waitForFunction(
    (expected) => {
      const count = (link: string) =>
        Number(
          document.querySelector(`[data-testid="device-links"] tr[data-link="${link}"] [data-column="new-connections"]`)?.textContent?.replace(/[^\d]/g, "") ||
            Number.NaN,
        );
      return count("isp1") + count("isp2") >= expected;
    },
    total + MORE,
    { timeout: 15_000, polling: 50 },
  );
  const delayMs = Date.now() - changedAt;
  testInfo.annotations.push({ type: "delay", description: `new connections on screen after ${delayMs} ms` });
  expect(delayMs).toBeLessThanOrEqual(POLL_INTERVAL_MS + 1_000);

  await dismissNotices(page);
  const card = page.locator("section.card").filter({ has: liveStateHeading(page) });
  await screenshotOf(card, testInfo, "device-links");
});
