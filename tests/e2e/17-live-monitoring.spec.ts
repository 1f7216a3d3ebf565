// Live monitoring in the browser, as an operator watching a small fleet of simulated MikroTik routers of this spec's
// own (the demo's edge site, LAN traffic flowing): the Live counters page follows a counter the router's admin
// resets within one poll interval and a second, with sparklines of the last minutes; the fleet page lists the
// devices worst first and moves a router that stops answering to the top, live; the overview's Monitoring card
// changes the poll interval and refuses what it cannot take, in words.
import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { type PushedRouter, pushedRouter } from "./pushed-router";
import { routerCommand } from "./routeros-sim";
import { seededUser, uniqueName } from "./seed";
import { DialogWatcher, dismissNotices, screenshot } from "./support";

test.describe.configure({ mode: "serial" });

const OPERATOR = seededUser("17-live-monitoring", "operator");
test.use({ storageState: async ({}, use) => use(await OPERATOR.storageState()) });

const OFFICE = "count the office (17)";
/** The monitor's default poll interval; the done-when bound is one interval and a second. */
const INTERVAL_MS = 2_000;
const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const INTENT = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
};

const PREFIX = uniqueName("17-live");
type Router = PushedRouter;
const routers: Router[] = [];
let dialogs: DialogWatcher;

/** A simulated router as a device, Waymark's policy pushed on it, so the monitor reads it back. */
function addRouter(label: string): Promise<Router> {
  return pushedRouter({
    label: `17-live-monitoring-${label}`,
    name: `${PREFIX} ${label} edge`,
    intent: INTENT,
    reason: "live monitoring spec",
    // The router's admin counts the office's traffic with a rule of their own, before Waymark arrives.
    prepare: (sim) =>
      routerCommand(sim, ["/ip/firewall/mangle/add", "=chain=prerouting", "=action=passthrough", "=src-address=192.168.10.0/24", `=comment=${OFFICE}`]),
  });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  for (const label of ["a", "b"]) {
    const router = await addRouter(label);
    routers.push(router);
  }
});

test.afterAll(() => {
  for (const r of routers) r.sim.stop();
});

test.beforeEach(({ page }) => {
  dialogs = new DialogWatcher(page);
});

test.afterEach(() => {
  expect(dialogs.seen).toEqual([]);
});

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((node) => `${v.impact} ${v.id} (${v.help}) at ${node.target.join(" ")}`));
}

/** Screenshots at 1280 and 390 px, light and dark, each checked by axe-core too. */
async function shots(page: Page, testInfo: TestInfo, name: string) {
  await dismissNotices(page);
  for (const [width, scheme] of [
    [1280, "light"],
    [1280, "dark"],
    [390, "dark"],
    [390, "light"],
  ] as const) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, testInfo, `17-${name}-${width}-${scheme}`);
    expect(await seriousViolations(page), `${name} at ${width} px, ${scheme}`).toEqual([]);
    if (width === 390) expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(390);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}

const officePackets = (page: Page) =>
  page.locator('section[data-chain="mangle · prerouting"]').locator(`tr[data-rule="${OFFICE}"]`).locator('[data-column="packets"]');
const digits = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, "") || Number.NaN);

test("a counter reset on the router reaches the open Live counters page within one interval and a second", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const [router] = routers;
  await page.goto(`/devices/${router!.id}/counters`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-tone", "ok", { timeout: 20_000 });
  await expect(page.getByTestId("live-status")).toContainText("live");
  await expect(officePackets(page)).toBeVisible({ timeout: 20_000 });
  // Let the office's counter (about 230 packets/s) grow well past what the seconds after a reset add back, so any
  // value below the last one shown before the reset is the reset on screen.
  await expect.poll(async () => digits(await officePackets(page).textContent()), { timeout: 45_000 }).toBeGreaterThan(4_000);
  const before = digits(await officePackets(page).textContent());

  const [rule] = routerCommand(router!.sim, ["/ip/firewall/mangle/print", `?comment=${OFFICE}`]).rows;
  routerCommand(router!.sim, ["/ip/firewall/mangle/reset-counters", `=numbers=${rule![".id"]}`]);
  // The reset happened before the command returned: measured from here, the delay can only look shorter by the
  // command's own exit, never longer.
  const changedAt = Date.now();
  await page.waitForFunction(
    ({ selector, limit }) => {
      const cell = document.querySelector(selector);
      const value = Number((cell?.textContent ?? "").replace(/[^\d]/g, "") || Number.NaN);
      return value < limit;
    },
    { selector: `section[data-chain="mangle · prerouting"] tr[data-rule="${OFFICE}"] [data-column="packets"]`, limit: before },
    { timeout: 10_000, polling: 50 },
  );
  const delayMs = Date.now() - changedAt;
  testInfo.annotations.push({ type: "delay", description: `counter reset on screen after ${delayMs} ms` });
  expect(delayMs).toBeLessThanOrEqual(INTERVAL_MS + 1_000);

  // Sparklines of the last minutes beside each rule, hidden from screen readers with a short trend label instead.
  const sparkline = page.locator(`tr[data-rule="${OFFICE}"]`).getByTestId("sparkline");
  await expect(sparkline.locator("canvas")).toHaveCount(1);
  await expect(sparkline.locator('[aria-hidden="true"]')).toHaveCount(1);
  await expect(sparkline).toContainText(/trend over \d+ (s|min): (rising|falling|steady)/, { timeout: 20_000 });
  await shots(page, testInfo, "live-counters");
});

const fleetRow = (page: Page, router: Router) => page.getByTestId("fleet-rows").locator(`li[data-device="${router.id}"]`);

test("the fleet lists devices worst first and moves a router that stops answering to the top, live", async ({ page }, testInfo) => {
  const [a, b] = routers;
  await page.goto("/fleet");
  await expect(page).toHaveTitle("Fleet · Waymark");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link").nth(1)).toHaveText("Fleet");
  await page.getByLabel("Filter devices").fill(PREFIX);
  await expect(page.getByTestId("fleet-row")).toHaveCount(2);
  for (const r of [a!, b!]) {
    await expect(fleetRow(page, r).getByTestId("fleet-reach")).toHaveText("reachable", { timeout: 20_000 });
    await expect(fleetRow(page, r).getByTestId("fleet-links")).toHaveText(/2 up/);
    await expect(fleetRow(page, r).getByTestId("fleet-push")).toContainText("confirmed");
  }
  // Both well: by name.
  await expect(page.getByTestId("fleet-name")).toHaveText([a!.name, b!.name]);
  await shots(page, testInfo, "fleet");

  b!.sim.stop();
  await expect(fleetRow(page, b!).getByTestId("fleet-reach")).toContainText(/^(unreachable|not answering in time)/, { timeout: 30_000 });
  await expect(page.getByTestId("fleet-name")).toHaveText([b!.name, a!.name]);
  await expect(page.getByTestId("fleet-summary")).toHaveText(/^2 of \d+ devices match the filter: 1 not reachable$/);
  // Its last reading's links are not shown as if they were up now.
  await expect(fleetRow(page, b!).getByTestId("fleet-links")).toHaveText("2 unknown");
  await shots(page, testInfo, "fleet-one-down");

  // The stopped router's own page says so in words, with the monitor's next try, and keeps its last reading.
  await page.goto(`/devices/${b!.id}/counters`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-tone", "bad");
  await expect(page.getByTestId("live-status")).toContainText(/^device unreachable: .+(next try in \d+ s|trying again now)/);
  await expect(page.locator('section[data-chain="nat · srcnat"]')).toBeVisible();
  await screenshot(page, testInfo, "17-counters-unreachable-1280-light");

  // Each row leads to its device.
  await page.goto("/fleet");
  await page.getByLabel("Filter devices").fill(PREFIX);
  await fleetRow(page, a!).getByRole("link", { name: a!.name }).click();
  await expect(page).toHaveURL(new RegExp(`/devices/${a!.id}$`));
});

test("the overview's Monitoring card changes the poll interval and explains a refusal", async ({ page }, testInfo) => {
  const [a] = routers;
  await page.goto(`/devices/${a!.id}`);
  const card = page.getByTestId("monitoring-settings");
  await expect(card.getByRole("heading", { name: "Monitoring" })).toBeVisible();
  await expect(card.getByTestId("monitoring-summary")).toHaveText("Read every 2 s, whether or not anyone watches.");
  const interval = card.getByLabel("Poll interval (seconds)");
  await expect(card.getByLabel("Monitor this device")).toBeChecked();

  await interval.fill("0");
  await card.getByRole("button", { name: "Save monitoring" }).click();
  await expect(card.getByRole("alert")).toHaveText("The poll interval must be a whole number of seconds from 1 to 300.");
  await expect(interval).toHaveAttribute("aria-invalid", "true");

  await interval.fill("5");
  await card.getByRole("button", { name: "Save monitoring" }).click();
  await expect(card.getByTestId("monitoring-summary")).toHaveText("Read every 5 s, whether or not anyone watches.");
  await expect(card.getByRole("alert")).toHaveCount(0);
  await expect(page.getByTestId("state-footer")).toContainText("every 5 s", { timeout: 20_000 });
  await page.reload();
  await expect(page.getByTestId("monitoring-settings").getByLabel("Poll interval (seconds)")).toHaveValue("5");
  await screenshot(page, testInfo, "17-monitoring-settings-1280-light");

  // Back to the default, by keyboard.
  await page.getByTestId("monitoring-settings").getByLabel("Poll interval (seconds)").fill("2");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("monitoring-summary")).toHaveText("Read every 2 s, whether or not anyone watches.");
});
