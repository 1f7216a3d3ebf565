// Reviewing change history as an operator does, on a simulated MikroTik router of this spec's own: two revisions
// are saved and pushed beforehand through the API; the operator filters the history to the router, reads what each
// change meant and what the device was sent, reverts to revision 1 through the policy builder's review and push, and sees
// on the overview whether what is saved is what the router runs (and, when it is not, one click to the difference).
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { startRouterOsSim, type RouterOsSim } from "./routeros-sim";
import { asSeedingAdmin, seededUser, uniqueName } from "./seed";
import { DialogWatcher, screenshot } from "./support";

test.describe.configure({ mode: "serial" });

const OPERATOR = seededUser("14-history-revert", "operator");
const AUDITOR = seededUser("14-history-audit", "admin");
test.use({ storageState: async ({}, use) => use(await OPERATOR.storageState()) });

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const intent = (weight: number) => ({
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
});

let sim: RouterOsSim | undefined;
let deviceId = "";
let deviceName = "";
let dialogs: DialogWatcher;

async function save(api: APIRequestContext, csrf: string, weight: number, reason: string): Promise<void> {
  const saved = await api.put(`/api/v1/devices/${deviceId}/policy`, { headers: { "x-csrf-token": csrf }, data: { ...intent(weight), reason } });
  expect(saved.status(), await saved.text()).toBe(200);
}

async function push(api: APIRequestContext, csrf: string, reason: string): Promise<void> {
  const pushed = await api.post(`/api/v1/devices/${deviceId}/push?wait=60`, { headers: { "x-csrf-token": csrf }, data: { reason, confirmWindowSec: 20 } });
  expect(((await pushed.json()) as { status: string }).status).toBe("confirmed");
}

test.beforeAll(async () => {
  sim = await startRouterOsSim("14-history-revert");
  const router = sim;
  deviceName = `${uniqueName("14-history")} edge`;
  await asSeedingAdmin(async (api, csrf) => {
    const device = await api.post("/api/v1/devices", {
      headers: { "x-csrf-token": csrf },
      data: {
        kind: "routeros",
        name: deviceName,
        host: router.host,
        port: router.port,
        transport: "plain",
        username: router.username,
        password: router.password,
      },
    });
    expect(device.status(), await device.text()).toBe(201);
    deviceId = ((await device.json()) as { id: string }).id;
    await save(api, csrf, 1, "dual WAN, equal shares");
    await push(api, csrf, "dual WAN, equal shares");
    await save(api, csrf, 3, "isp-a upgraded to 300 Mbit/s");
    await push(api, csrf, "isp-a upgraded to 300 Mbit/s");
  });
});

test.afterAll(() => {
  sim?.stop();
});

test.beforeEach(({ page }) => {
  dialogs = new DialogWatcher(page);
});

test.afterEach(() => {
  expect(dialogs.seen).toEqual([]);
});

/** Serious or critical axe-core findings (WCAG 2.x A/AA) in the light and the dark theme, one line each. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    for (const violation of results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
      found.push(...violation.nodes.map((node) => `${colorScheme}: ${violation.id} at ${node.target.join(" ")}`));
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  return found;
}

const rowOf = (page: Page, revision: number) =>
  page.getByTestId("history-row").filter({ has: page.getByRole("link", { name: `Details of revision ${revision} of ${deviceName}` }) });

test("the history, filtered to the router through the form, says what each change meant and that it was confirmed", async ({ page }, testInfo) => {
  await page.goto("/history");
  await expect(page).toHaveTitle(/History/);
  await page.getByLabel("Device").selectOption({ label: deviceName });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`/history\\?device=${deviceId}`));
  await expect(page.getByTestId("history-row")).toHaveCount(2);
  await expect(page.getByTestId("history-count")).toHaveText("2 changes");
  const second = rowOf(page, 2);
  await expect(second).toContainText(deviceName);
  await expect(second).toContainText("isp-a upgraded to 300 Mbit/s");
  await expect(second.getByTestId("history-changes")).toHaveText("link isp-a weight 1 → 3");
  await expect(second.getByTestId("history-outcome")).toHaveText("confirmed");
  await expect(second).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  await expect(rowOf(page, 1).getByTestId("history-changes")).toContainText("first policy: links isp-a, isp-b");
  await screenshot(page, testInfo, "14-history");

  // The export carries the same filters and names the device.
  const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(csvHref).toBe(`/api/v1/history.csv?device=${deviceId}`);
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split("\r\n").filter((line) => line.startsWith(`${deviceName},`))).toHaveLength(2);

  // A filter nothing matches says so.
  await page.getByLabel("Outcome").selectOption({ label: "rolled back" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/outcome=rolled_back/);
  await expect(page.getByText("No policy change matches these filters.")).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/history?device=${deviceId}`);
  await screenshot(page, testInfo, "14-history-390");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  await screenshot(page, testInfo, "14-history-dark");
});

test("a revision's details: the meaning, the lines the router was sent, and the push's steps", async ({ page }, testInfo) => {
  await page.goto(`/history?device=${deviceId}`);
  await page.getByRole("link", { name: `Details of revision 2 of ${deviceName}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Revision 2 of ${deviceName}`);
  await expect(page.getByRole("heading", { name: "What changed since revision 1" })).toBeVisible();
  await expect(page.getByTestId("history-changes")).toHaveText("link isp-a weight 1 → 3");
  await expect(page.getByTestId("plan-diff-summary")).toHaveText(/^\d+ lines? added, \d+ removed\.$/);
  const diff = page.getByTestId("plan-diff");
  await expect(diff.locator('li[data-kind="added"]').first()).toContainText("added:");
  await expect(diff.locator('li[data-kind="removed"]').first()).toContainText("removed:");
  await expect(diff).toContainText("per-connection-classifier");
  await expect(page.getByTestId("history-push")).toContainText("confirmed");
  await expect(page.getByTestId("history-push")).toContainText("Health gate: done");
  expect(await accessibilityProblems(page)).toEqual([]);
  await screenshot(page, testInfo, "14-detail");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await screenshot(page, testInfo, "14-detail-390");
});

test("'Revert to this revision' stages revision 1 in the policy builder; reviewed and pushed, it is a new revision", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(`/history/${deviceId}/1`);
  const revert = page.getByRole("link", { name: "Revert to this revision" });
  await expect(revert).toHaveAttribute("href", `/devices/${deviceId}/policy?from=1`);
  await revert.click();
  await expect(page).toHaveURL(new RegExp(`/devices/${deviceId}/policy\\?from=1$`));
  await expect(page).toHaveTitle(/Policy/);
  await expect(page.getByTestId("revert-notice")).toHaveText("Reverting to revision 1: review the changes and push.");
  await page.getByRole("button", { name: "Review & push" }).click();
  const review = page.getByRole("dialog", { name: `Review changes to ${deviceName}` });
  await expect(review.getByTestId("review-changes")).toContainText("link isp-a weight 3 → 1");
  await expect(review.getByTestId("review-plan")).toBeVisible({ timeout: 30_000 });
  await review.getByLabel("Why this change (kept in the history)").fill("back to equal shares");
  await screenshot(page, testInfo, "14-revert-review");
  await review.getByRole("button", { name: "Save and push" }).click();
  await expect(review.getByTestId("push-outcome")).toContainText("Push confirmed", { timeout: 90_000 });
  await review.getByRole("button", { name: "Close" }).click();
  await expect(review).toBeHidden();

  await page.goto(`/history?device=${deviceId}`);
  await expect(page.getByTestId("history-row")).toHaveCount(3);
  const reverted = rowOf(page, 3);
  await expect(reverted).toContainText("back to equal shares");
  await expect(reverted.getByTestId("history-changes")).toHaveText("link isp-a weight 3 → 1");
  await expect(reverted.getByTestId("history-outcome")).toHaveText("confirmed");
  await screenshot(page, testInfo, "14-history-after-revert");
});

test("the overview says when what is saved is not on the router, links to the difference, and says so once it is", async ({ page }, testInfo) => {
  await page.goto(`/devices/${deviceId}`);
  await expect(page.getByTestId("saved-vs-running")).toHaveText(/^What is saved \(revision 3\) is what the device runs\./);

  await asSeedingAdmin((api, csrf) => save(api, csrf, 2, "try 2:1"));
  await page.reload();
  const banner = page.getByTestId("saved-vs-running");
  await expect(banner).toHaveAttribute("data-state", "pending");
  await expect(banner).toContainText(/Saved revision 4 is not on the device: the device runs revision 3 \(pushed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)\./);
  expect(await accessibilityProblems(page)).toEqual([]);
  await screenshot(page, testInfo, "14-banner-pending");
  // The policy page says the same above the saved intent, so a rolled-back or unpushed one is never taken for what runs.
  await page.goto(`/devices/${deviceId}/policy`);
  await expect(page.getByTestId("saved-vs-running")).toHaveAttribute("data-state", "pending");
  await page.goto(`/devices/${deviceId}`);
  await banner.getByRole("link", { name: "See the 1 change not on the device" }).click();
  await expect(page).toHaveURL(new RegExp(`/history/${deviceId}/4\\?against=3$`));
  await expect(page.getByRole("heading", { name: "What revision 4 changes against revision 3, which the device runs" })).toBeVisible();
  await expect(page.getByTestId("history-changes")).toHaveText("link isp-a weight 1 → 2");

  await asSeedingAdmin((api, csrf) => push(api, csrf, "try 2:1"));
  await page.goto(`/devices/${deviceId}`);
  await expect(page.getByTestId("saved-vs-running")).toHaveAttribute("data-state", "in_sync");
  await expect(page.getByTestId("saved-vs-running")).toHaveText("What is saved (revision 4) is what the device runs.");
  await screenshot(page, testInfo, "14-banner-in-sync");
});

test("the audit log names the router, filters to it, and exports the same", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ storageState: await AUDITOR.storageState() });
  const page = await context.newPage();
  try {
    await page.goto("/audit");
    await expect(page).toHaveTitle(/Audit log/);
    await page.getByLabel("Device").selectOption({ label: deviceName });
    await page.getByLabel("Outcome").selectOption({ label: "ok" });
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(new RegExp(`/audit\\?user=&device=${deviceId}&outcome=ok`));
    const targets = page.getByTestId("audit-target");
    await expect(targets.first()).toHaveText(deviceName);
    expect(new Set(await targets.allTextContents())).toEqual(new Set([deviceName]));
    const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    expect(csvHref).toBe(`/api/v1/audit.csv?device=${deviceId}&outcome=ok`);
    const csv = await page.request.get(csvHref!);
    expect(csv.status()).toBe(200);
    // An id may start with "-": the export makes such a cell text with a leading ', like any formula-looking cell.
    const idCell = /^[=+\-@]/.test(deviceId) ? `'${deviceId}` : deviceId;
    expect(await csv.text()).toContain(`,policy.save,${deviceName},${idCell},`);
    await screenshot(page, testInfo, "14-audit");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await screenshot(page, testInfo, "14-audit-390");
  } finally {
    await context.close();
  }
});

test("a push the router refuses: the history says why, and the overview says the saved revision is not what runs", async ({ page }, testInfo) => {
  await asSeedingAdmin(async (api, csrf) => {
    const headers = { "x-csrf-token": csrf };
    const misfit = { ...intent(2), outbound: { lanInterfaces: ["lan9"], lanSources: ["192.168.10.0/24"] }, reason: "new LAN port" };
    expect((await api.put(`/api/v1/devices/${deviceId}/policy`, { headers, data: misfit })).status()).toBe(200);
    const pushed = await api.post(`/api/v1/devices/${deviceId}/push?wait=60`, { headers, data: { reason: "new LAN port", confirmWindowSec: 20 } });
    expect(((await pushed.json()) as { status: string }).status).toBe("refused");
  });
  await page.goto(`/history?device=${deviceId}&outcome=refused`);
  const refused = rowOf(page, 5);
  await expect(refused.getByTestId("history-changes")).toHaveText("LAN interfaces changed: +lan9, −lan0");
  await expect(refused.getByTestId("history-outcome")).toContainText("refused (nothing was changed)");
  await expect(refused.getByTestId("history-outcome")).toContainText(/because .*lan9 does not exist/);
  await screenshot(page, testInfo, "14-history-refused");

  await page.goto(`/devices/${deviceId}`);
  const banner = page.getByTestId("saved-vs-running");
  await expect(banner).toHaveAttribute("data-state", "rejected");
  await expect(banner).toContainText(
    /^Saved revision 5 is not on the device: the last push \(revision 5\) was refused because .*lan9 does not exist.*; the device runs revision 4 \(pushed /,
  );
  await expect(banner.getByRole("link", { name: "See the 1 change not on the device" })).toHaveAttribute("href", `/history/${deviceId}/5?against=4`);
  await screenshot(page, testInfo, "14-banner-refused");
});
