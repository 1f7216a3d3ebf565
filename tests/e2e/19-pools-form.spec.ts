// The pool editor's new options through the form, on a simulated MikroTik of this spec's own (the demo's edge site:
// wan1 with 198.51.100.2, backends 192.168.10.201–203 answering). The admin adds a pool of three backends checked by
// HTTP GET /healthz expecting 200, sees a bad path refused in words beside the field, the counts' detection and
// return times said live, stickiness by source and port, the same pool in the JSON view, then reviews (the change
// and RouterOS's own caveats in words), pushes, and reads the check on the Pools page.
import type { Locator, Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { startRouterOsSim, type RouterOsSim } from "./routeros-sim";
import { asSeedingAdmin, seededUser } from "./seed";
import { DialogWatcher, dismissNotices, screenshot } from "./support";

test.describe.configure({ mode: "serial" });

const ADMIN = seededUser("19-pools-form", "admin");
test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });

const NAME = "19-pools-form edge router";
const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const LINKS_ONLY = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 1, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
};
const BACKENDS = [
  { name: "web1", address: "192.168.10.201" },
  { name: "web2", address: "192.168.10.202" },
  { name: "web3", address: "192.168.10.203" },
];

let sim: RouterOsSim | undefined;
let deviceUrl = "";
let dialogs: DialogWatcher;

test.beforeAll(async () => {
  sim = await startRouterOsSim("19-pools-form");
  const router = sim;
  deviceUrl = await asSeedingAdmin(async (api, csrf) => {
    const headers = { "x-csrf-token": csrf };
    const device = await api.post("/api/v1/devices", {
      headers,
      data: { kind: "routeros", name: NAME, host: router.host, port: router.port, transport: "plain", username: router.username, password: router.password },
    });
    expect(device.status(), await device.text()).toBe(201);
    const id = ((await device.json()) as { id: string }).id;
    expect((await api.put(`/api/v1/devices/${id}/policy`, { headers, data: { ...LINKS_ONLY, reason: "links" } })).status()).toBe(200);
    // The links already run, so the review says what the pool adds to them.
    const push = await api.post(`/api/v1/devices/${id}/push?wait=60`, { headers, data: { reason: "links", confirmWindowSec: 20 } });
    expect(((await push.json()) as { status: string }).status).toBe("confirmed");
    return `/devices/${id}`;
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

/** 1280 and 390 px, light and dark, of what `target` shows (scrolled into view on the narrow screen). */
async function shots(page: Page, testInfo: TestInfo, name: string, target: Locator): Promise<void> {
  await dismissNotices(page);
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, testInfo, `${name}-1280-${scheme}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await target.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`${name}-390-${scheme}.png`), animations: "disabled" });
    await screenshot(page, testInfo, `${name}-390-${scheme}-full`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("[pools] a pool with an HTTP check, counts and source-and-port stickiness through the form, reviewed and pushed", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(`${deviceUrl}/policy`);
  await expect(page.getByRole("heading", { name: "Load-balancing policy", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Read interfaces from the device" }).click();
  await expect(page.getByTestId("interfaces-read")).toContainText("wan1");

  await page.getByRole("button", { name: "Add server pool" }).click();
  const pool = page.getByTestId("pool-card");
  await pool.getByLabel("Pool name").fill("web");
  await pool.getByLabel("Listens on interface").selectOption("wan1");
  await pool.getByLabel("Listen address").fill("198.51.100.2");
  await pool.getByLabel("Port", { exact: true }).first().fill("443");
  await pool.getByLabel("Stickiness").selectOption("source-and-port");

  // The HTTP check's own fields appear with it; a path without its slash is refused beside the field, in words.
  await expect(pool.getByLabel("Path", { exact: true })).toHaveCount(0);
  await pool.getByLabel("Check", { exact: true }).selectOption("http");
  const path = pool.getByLabel("Path", { exact: true });
  await path.fill("healthz");
  await expect(path).toHaveAttribute("aria-invalid", "true");
  await expect(path).toHaveAccessibleDescription(/a path such as \/healthz/);
  await path.fill("/healthz");
  await expect(path).not.toHaveAttribute("aria-invalid", "true");
  await expect(pool.getByLabel("Expected status")).toHaveAccessibleDescription(/Allowed: 100–599 \(default 200\)/);
  await pool.getByLabel("Expected status").fill("200");

  // The detection and return times follow the interval and the counts as they are typed.
  const timing = pool.getByTestId("pool-detection-time");
  await expect(timing).toHaveText("A dead backend is out after about 2.0 s and back about 2.0 s after it answers again.");
  await pool.getByLabel("Check interval").fill("500");
  await pool.getByLabel("Check timeout").fill("300");
  await pool.getByLabel("Failed checks before out").fill("2");
  await pool.getByLabel("Answered checks before back").fill("3");
  await expect(timing).toHaveText("A dead backend is out after about 1.0 s and back about 1.5 s after it answers again.");
  await pool.getByLabel("Failed checks before out").fill("0");
  await expect(pool.getByLabel("Failed checks before out")).toHaveAttribute("aria-invalid", "true");
  await expect(timing).toHaveText("Detection time: fix the check's fields to see it.");
  await pool.getByLabel("Failed checks before out").fill("2");

  for (const [i, backend] of BACKENDS.entries()) {
    if (i > 0) await pool.getByRole("button", { name: "Add backend to pool web" }).click();
    const row = pool.locator("fieldset[aria-label^='backend']").nth(i);
    await row.getByLabel("Backend name").fill(backend.name);
    await row.getByLabel("Address").fill(backend.address);
  }
  await expect(page.getByTestId("draft-problem-count")).toHaveCount(0);
  await shots(page, testInfo, "19-pool-form", pool.getByTestId("pool-detection-time"));

  // The JSON view is the same intent.
  await page.getByRole("button", { name: "Advanced (JSON)" }).click();
  const json = JSON.parse(await page.getByLabel("Intent (JSON)").inputValue()) as { inbound: { pools: { sticky: string; probe: unknown }[] } };
  expect(json.inbound.pools[0]).toMatchObject({
    sticky: "source-and-port",
    probe: { type: "http", path: "/healthz", expectStatus: 200, intervalMs: 500, timeoutMs: 300, downCount: 2, upCount: 3 },
  });
  await page.getByRole("button", { name: "Visual builder" }).click();
  // Leaving HTTP drops its path and status, so the draft stays valid.
  await pool.getByLabel("Check", { exact: true }).selectOption("tcp");
  await expect(page.getByTestId("draft-problem-count")).toHaveCount(0);
  await pool.getByLabel("Check", { exact: true }).selectOption("http");
  await pool.getByLabel("Path", { exact: true }).fill("/healthz");

  await page.getByRole("button", { name: "Review & push" }).click();
  const review = page.getByRole("dialog", { name: `Review changes to ${NAME}` });
  await expect(review.getByTestId("review-changes")).toContainText("pool web added: tcp port 443 on wan1 198.51.100.2, backends web1, web2, web3");
  await expect(review.getByTestId("review-plan")).toBeVisible({ timeout: 30_000 });
  // What RouterOS cannot do of this intent, in words: the path and the counts.
  await expect(review).toContainText("RouterOS netwatch cannot choose the path and asks for / on each backend");
  await expect(review).toContainText("RouterOS netwatch decides on each probe");
  await dismissNotices(page);
  await screenshot(page, testInfo, "19-pool-review");
  await review.getByLabel("Why this change (kept in the history)").fill("e2e: pool web with an HTTP check");
  await review.getByRole("button", { name: "Save and push" }).click();
  await expect(review.getByTestId("push-outcome")).toContainText("Push confirmed", { timeout: 90_000 });
  await review.getByRole("button", { name: "Close" }).click();
});

test("[pools] the Pools page says the check, its timings and the stickiness in words", async ({ page }, testInfo) => {
  await page.goto(`${deviceUrl}/pools`);
  await expect(page).toHaveTitle(/Pools/);
  const card = page.getByTestId("pool-web");
  await expect(card).toContainText("198.51.100.2:443/tcp on wan1");
  await expect(card).toContainText("sticky by client address and port");
  await expect(card).toContainText(
    "check: HTTP GET /healthz expecting 200 every 500 ms, 300 ms timeout; a dead backend is out after about 1.0 s and back about 1.5 s after it answers again",
  );
  await expect(card.getByTestId("pool-check-caveat")).toHaveText(
    "RouterOS netwatch cannot choose a path: the router asks each backend for / rather than /healthz.",
  );
  for (const name of ["web1", "web2", "web3"]) {
    await expect(page.getByTestId("backends-web").locator(`tr[data-backend="${name}"]`).getByTestId("backend-health")).toHaveText("up", { timeout: 20_000 });
  }
  await shots(page, testInfo, "19-pools-page", card);
});
