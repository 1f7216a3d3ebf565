// Watching live NAT and mangle counters, as a new operator would, on a simulated MikroTik of this spec's own (the
// demo's edge router: the admin's own rules, LAN clients opening connections all the time). The router's admin has
// a counting rule of their own; Waymark's policy is pushed on top through the API. The operator opens the live
// counters, sees every rule numbered as WinBox numbers it with Waymark's marked, watches the counters move, filters,
// resets Waymark's counters and sees them restart while the admin's own rule keeps counting.
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { pushedRouter } from "./pushed-router";
import { routerCommand, type RouterOsSim } from "./routeros-sim";
import { seededUser } from "./seed";
import { DialogWatcher, screenshot } from "./support";

test.describe.configure({ mode: "serial" });

const OPERATOR = seededUser("13-live-counters", "operator");
test.use({ storageState: async ({}, use) => use(await OPERATOR.storageState()) });

const OFFICE = "count the office";
const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const INTENT = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
};

let sim: RouterOsSim | undefined;
let deviceId = "";
let dialogs: DialogWatcher;

test.beforeAll(async () => {
  const router = await pushedRouter({
    label: "13-live-counters",
    name: "13-live-counters edge",
    intent: INTENT,
    reason: "live counters spec",
    // The router's admin counts the office's traffic with a rule of their own, before Waymark arrives.
    prepare: (s) =>
      routerCommand(s, ["/ip/firewall/mangle/add", "=chain=prerouting", "=action=passthrough", "=src-address=192.168.10.0/24", `=comment=${OFFICE}`]),
  });
  sim = router.sim;
  deviceId = router.id;
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

const chain = (page: Page, name: string): Locator => page.locator(`section[data-chain="${name}"]`);
const rule = (page: Page, chainName: string, what: string): Locator => chain(page, chainName).locator(`tr[data-rule="${what}"]`);
const digits = (text: string | null): number => Number((text ?? "").replace(/[^\d.]/g, "") || Number.NaN);
const packets = async (row: Locator) => digits(await row.locator('[data-column="packets"]').textContent());
const perSecond = async (row: Locator) => digits(await row.locator('[data-column="packets-per-second"]').textContent());

const MASQUERADE_A = "masquerade out of isp-a";
const PCC_A = "new LAN connections, share 1 of 4 → isp-a";

async function openCounters(page: Page) {
  await page.goto(`/devices/${deviceId}/counters`);
  await expect(page.getByRole("heading", { level: 1, name: /Live counters/ })).toBeVisible();
  await expect(rule(page, "nat · srcnat", MASQUERADE_A)).toBeVisible({ timeout: 20_000 });
}

/** Serious or critical axe-core findings (WCAG 2.0/2.1 A and AA), one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((node) => `${v.impact} ${v.id} (${v.help}) at ${node.target.join(" ")}`));
}

/** Screenshots at 1280 and 390 px, light and dark, each checked by axe-core too. */
async function shots(page: Page, testInfo: TestInfo, name: string) {
  for (const [width, scheme] of [
    [1280, "light"],
    [1280, "dark"],
    [390, "dark"],
    [390, "light"],
  ] as const) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, testInfo, `13-${name}-${width}-${scheme}`);
    expect(await seriousViolations(page), `${name} at ${width} px, ${scheme}`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("every rule of mangle and NAT, numbered as the router numbers them, Waymark's marked, counters moving", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openCounters(page);
  await expect(page).toHaveTitle(/Live counters/);

  // Link health as pfSense shows it: status in words, gateway, monitor targets.
  const links = page.getByTestId("link-health");
  await expect(links.locator('tr[data-link="isp-a"] [data-column="status"]')).toHaveText(/online/, { timeout: 20_000 });
  await expect(links.locator('tr[data-link="isp-a"]')).toContainText("198.51.100.1");
  await expect(links.locator('tr[data-link="isp-a"]')).toContainText("192.0.2.10, 192.0.2.11");

  // The admin's own rules first, shown plainly; Waymark's after them with the badge.
  const office = rule(page, "mangle · prerouting", OFFICE);
  await expect(office.locator('[data-column="number"]')).toHaveText("1");
  await expect(office).toHaveAttribute("data-owner", "admin");
  await expect(office.locator('[data-column="match"]')).toHaveText(/Your own rule\.\s*from 192\.168\.10\.0\/24/);
  await expect(rule(page, "mangle · forward", "clamp MSS for the LTE link").locator('[data-column="number"]')).toHaveText("0");
  const pcc = rule(page, "mangle · prerouting", PCC_A);
  await expect(pcc).toHaveAttribute("data-owner", "waymark");
  await expect(pcc.getByRole("rowheader")).toContainText("Waymark");
  await expect(pcc.locator('[data-column="match"]')).toContainText("Waymark's rule.");
  await expect(office.getByRole("rowheader")).not.toContainText("Waymark");
  await expect(pcc.locator('[data-column="action"]')).toHaveText("mark connection to-isp-a");
  expect(Number(await pcc.locator('[data-column="number"]').textContent())).toBeGreaterThan(1);
  await expect(rule(page, "nat · dstnat", "camera NVR (admin's own forward)").locator('[data-column="action"]')).toHaveText("forward to 192.168.10.250:554");

  // The NAT and mangle counters move between readings (every 2 s), with a rate.
  const masquerade = rule(page, "nat · srcnat", MASQUERADE_A);
  const first = await packets(masquerade);
  await expect.poll(() => packets(masquerade), { timeout: 20_000 }).toBeGreaterThan(first);
  await expect.poll(() => perSecond(masquerade), { timeout: 20_000 }).toBeGreaterThan(0);
  const pccFirst = await packets(pcc);
  await expect.poll(() => packets(pcc), { timeout: 20_000 }).toBeGreaterThan(pccFirst);
  await expect(masquerade.locator('[data-column="packets"]')).toHaveCSS("text-align", "right");
  await shots(page, testInfo, "live-counters");
});

test("the filter box narrows the tables to the rules whose words match", async ({ page }) => {
  await openCounters(page);
  await page.getByLabel("Filter rules").fill("masquerade");
  await expect(chain(page, "nat · srcnat").locator("tbody tr")).toHaveCount(2);
  await expect(chain(page, "mangle · prerouting")).toHaveCount(0);
  await expect(page.getByText("2 of")).toBeAttached();
  await page.getByLabel("Filter rules").fill("no rule says this");
  await expect(page.getByText("No rule matches the filter.")).toBeVisible();
});

test("reset Waymark's counters: they restart from 0 while the admin's own rule keeps counting", async ({ page }, testInfo) => {
  await openCounters(page);
  const masquerade = rule(page, "nat · srcnat", MASQUERADE_A);
  const office = rule(page, "mangle · prerouting", OFFICE);
  await expect.poll(() => packets(masquerade), { timeout: 20_000 }).toBeGreaterThan(20);
  const before = { waymark: await packets(masquerade), office: await packets(office) };

  await page.getByRole("button", { name: "Reset Waymark's counters" }).click();
  const dialog = page.getByRole("dialog", { name: "Reset Waymark's counters?" });
  await expect(dialog).toContainText("Your own rules keep their counters");
  await screenshot(page, testInfo, "13-reset-dialog-1280-light");
  await dialog.getByRole("button", { name: "Reset counters" }).click();
  await expect(page.getByTestId("reset-outcome")).toHaveText(/Counters of \d+ Waymark rules reset at \d\d:\d\d:\d\d\./);

  // Waymark's counters start again from 0 (traffic keeps flowing, so a few packets may already be counted).
  await expect.poll(() => packets(masquerade), { timeout: 10_000 }).toBeLessThan(before.waymark);
  // The admin's rule was not touched: it goes on from where it was.
  await expect.poll(() => packets(office), { timeout: 10_000 }).toBeGreaterThan(before.office);
  // Rates never go negative after a reset.
  expect(await perSecond(masquerade)).not.toBeLessThan(0);
  await expect(masquerade.locator('[data-column="packets-per-second"]')).not.toHaveText(/-/);
  await screenshot(page, testInfo, "13-after-reset-1280-light");
});

test("the overview shows link health and leads to the live counters", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/devices/${deviceId}`);
  const health = page.getByRole("region", { name: "Link health" }).first();
  await expect(page.getByRole("heading", { name: "Link health" })).toBeVisible();
  await expect(page.getByTestId("link-health").first().locator('tr[data-link="isp-b"] [data-column="status"]')).toHaveText(/online/, { timeout: 20_000 });
  await expect(health).toBeAttached();
  await screenshot(page, testInfo, "13-overview-link-health-1280-light");
  await page.getByRole("link", { name: "Live counters →", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/devices/${deviceId}/counters$`));
});
