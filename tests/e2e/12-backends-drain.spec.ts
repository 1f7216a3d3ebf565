// Backend maintenance as an operator does it, on a simulated MikroTik router of this spec's own (the demo's edge
// site: internet clients keep connecting to 198.51.100.2:443, each connection lives 8 s). A pool of three backends
// is pushed beforehand through the API; the operator drains web2 with a reason, watches its open connections fall
// until the page says since when it is idle (still so after a reload), then re-enables it.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { asSeedingAdmin, seededUser } from "./seed";
import { DialogWatcher, dismissNotices, screenshot } from "./support";
import { startRouterOsSim, type RouterOsSim } from "./routeros-sim";

test.describe.configure({ mode: "serial" });

const OPERATOR = seededUser("12-backends-drain", "operator");
test.use({ storageState: async ({}, use) => use(await OPERATOR.storageState()) });

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const INTENT = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 1, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
  inbound: {
    pools: [
      {
        name: "web",
        listen: { interface: "wan1", address: "198.51.100.2", protocol: "tcp", port: 443 },
        backends: [
          { name: "web1", address: "192.168.10.201", weight: 1 },
          { name: "web2", address: "192.168.10.202", weight: 1 },
          { name: "web3", address: "192.168.10.203", weight: 1 },
        ],
        probe: { type: "icmp", intervalMs: 1_000, timeoutMs: 500 },
      },
    ],
  },
};

let sim: RouterOsSim | undefined;
let poolsUrl = "";
let dialogs: DialogWatcher;

test.beforeAll(async () => {
  sim = await startRouterOsSim("12-backends-drain");
  const router = sim;
  poolsUrl = await asSeedingAdmin(async (api, csrf) => {
    const headers = { "x-csrf-token": csrf };
    const device = await api.post("/api/v1/devices", {
      headers,
      data: {
        kind: "routeros",
        name: "12-backends-drain edge",
        host: router.host,
        port: router.port,
        transport: "plain",
        username: router.username,
        password: router.password,
      },
    });
    expect(device.status(), await device.text()).toBe(201);
    const id = ((await device.json()) as { id: string }).id;
    expect((await api.put(`/api/v1/devices/${id}/policy`, { headers, data: { ...INTENT, reason: "pool web" } })).status()).toBe(200);
    const push = await api.post(`/api/v1/devices/${id}/push?wait=60`, { headers, data: { reason: "pool web", confirmWindowSec: 20 } });
    expect(((await push.json()) as { status: string }).status).toBe("confirmed");
    return `/devices/${id}/pools`;
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

const row = (page: Page, backend: string) => page.getByTestId("backends-web").locator(`tr[data-backend="${backend}"]`);

/** Serious or critical axe findings (WCAG 2.x A/AA) on the page as it is now: the live table, or a dialog over it. */
async function axeFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`);
}

async function everyBackendUp(page: Page): Promise<void> {
  for (const name of ["web1", "web2", "web3"]) await expect(row(page, name).getByTestId("backend-health")).toHaveText("up", { timeout: 20_000 });
}

test("the pool lists its backends with health, live connections, share and traffic", async ({ page }, testInfo) => {
  await page.goto(poolsUrl);
  await expect(page).toHaveTitle(/Pools/);
  await expect(page.getByRole("heading", { name: "Pool web" })).toBeVisible();
  await expect(page.getByTestId("pool-web")).toContainText("198.51.100.2:443/tcp on wan1");
  await everyBackendUp(page);
  await expect(row(page, "web2").locator("td").nth(6)).toHaveText("33.3 %");
  // Connections keep arriving: some backend has open connections, and the rates appear from the second reading.
  await expect.poll(async () => Number((await row(page, "web2").getByTestId("backend-open").textContent()) ?? "0"), { timeout: 15_000 }).toBeGreaterThan(0);
  await screenshot(page, testInfo, "12-pools-live");
});

test("drain web2 with a reason, watch its open connections fall to idle, and reload", async ({ page }, testInfo) => {
  await page.goto(poolsUrl);
  await everyBackendUp(page);
  await row(page, "web2").getByRole("button", { name: "Drain web2" }).click();
  const dialog = page.getByRole("dialog", { name: "Drain web2 in pool web?" });
  await expect(dialog).toContainText("takes no new connections");
  await expect(dialog.getByTestId("takeout-warning")).toHaveCount(0);
  await dialog.getByLabel(/Reason/).fill("kernel update");
  await screenshot(page, testInfo, "12-drain-dialog");
  await dialog.getByRole("button", { name: "Drain web2" }).click();
  await expect(dialog.getByTestId("push-outcome")).toContainText(/confirmed/i, { timeout: 60_000 });
  await dialog.getByRole("button", { name: "Close" }).click();

  const maintenance = row(page, "web2").getByTestId("backend-maintenance");
  await expect(row(page, "web2").getByTestId("backend-health")).toContainText("draining");
  await expect(maintenance).toContainText("kernel update");
  // Seen while it still has connections (each lives 8 s), then idle with the time it became so.
  await expect(maintenance).toContainText(/draining: \d+ open connections?/, { timeout: 10_000 });
  await screenshot(page, testInfo, "12-draining");
  await expect(maintenance).toContainText(/^idle since \d\d:\d\d:\d\d/, { timeout: 30_000 });
  await expect(row(page, "web2").getByTestId("backend-open")).toHaveText("0");
  const idle = ((await maintenance.textContent()) ?? "").match(/idle since \d\d:\d\d:\d\d/)![0];
  await dismissNotices(page);
  await screenshot(page, testInfo, "12-idle");

  await page.reload();
  await expect(row(page, "web2").getByTestId("backend-maintenance")).toContainText(idle);
  await expect(row(page, "web2").getByTestId("backend-health")).toContainText("draining");
});

test("re-enable web2 once it answers its health check", async ({ page }, testInfo) => {
  await page.goto(poolsUrl);
  await row(page, "web2").getByRole("button", { name: "Re-enable web2" }).click();
  const dialog = page.getByRole("dialog", { name: "Re-enable web2 in pool web?" });
  await expect(dialog).toContainText("answers its health check");
  await dialog.getByLabel(/Reason/).fill("patched");
  await dialog.getByRole("button", { name: "Re-enable web2" }).click();
  await expect(dialog.getByTestId("push-outcome")).toContainText(/confirmed/i, { timeout: 60_000 });
  await dialog.getByRole("button", { name: "Close" }).click();
  await everyBackendUp(page);
  await expect(row(page, "web2").getByTestId("backend-maintenance")).toHaveText("—");
  await expect.poll(async () => Number((await row(page, "web2").getByTestId("backend-open").textContent()) ?? "0"), { timeout: 20_000 }).toBeGreaterThan(0);
  await screenshot(page, testInfo, "12-reenabled");

  // Disable says it cuts connections, in red; the live table and the dialog pass axe.
  expect(await axeFindings(page)).toEqual([]);
  await row(page, "web1").getByRole("button", { name: "Disable web1" }).click();
  const disable = page.getByRole("dialog", { name: "Disable web1 in pool web?" });
  await expect(disable).toContainText("cuts its");
  await expect(disable.getByRole("button", { name: "Disable web1 and cut its connections" })).toBeVisible();
  expect(await axeFindings(page)).toEqual([]);
  await screenshot(page, testInfo, "12-disable-dialog");
  await disable.getByRole("button", { name: "Cancel" }).click();
  await expect(disable).toBeHidden();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await everyBackendUp(page);
  await screenshot(page, testInfo, "12-pools-390");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.reload();
  await everyBackendUp(page);
  expect(await axeFindings(page)).toEqual([]);
  await screenshot(page, testInfo, "12-pools-dark");
});
