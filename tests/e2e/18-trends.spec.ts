// The Trends tab, as a viewer would read it, on a simulated MikroTik of this spec's own (the demo's edge router,
// LAN clients opening connections all the time) with Waymark's dual-WAN policy and a pool of two web servers pushed
// through the API. The monitor polls it whether or not anyone watches; a failover drill of isp-b puts a down and
// an up into the timeline. The viewer opens Trends, picks a range with the keyboard, and sees per link the traffic
// and connections charts with numbers under them, the up/down band with isp-b's outage, the probe chart, the
// backends, and the state changes; the numbers open as a table.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { pushedRouter } from "./pushed-router";
import type { RouterOsSim } from "./routeros-sim";
import { ROUTEROS_INTENT } from "./screens";
import { asSeedingAdmin, seededUser } from "./seed";
import { DialogWatcher, screenshot } from "./support";

test.describe.configure({ mode: "serial" });

const VIEWER = seededUser("18-trends", "viewer");
test.use({ storageState: async ({}, use) => use(await VIEWER.storageState()) });

let sim: RouterOsSim | undefined;
let deviceId = "";
let dialogs: DialogWatcher;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const router = await pushedRouter({ label: "18-trends", name: "18-trends edge", intent: ROUTEROS_INTENT, reason: "trends spec" });
  sim = router.sim;
  deviceId = router.id;
  const id = router.id;
  await asSeedingAdmin(async (api, csrf) => {
    const headers = { "x-csrf-token": csrf };
    // The monitor records the router before the drill, so the band has "up" on both sides of the outage.
    type Trends = { times: number[]; events: { name: string; state: string }[] };
    const trends = async () => {
      const to = new Date();
      const query = new URLSearchParams({ from: new Date(to.getTime() - 15 * 60_000).toISOString(), to: to.toISOString() });
      return (await (await api.get(`/api/v1/devices/${id}/trends?${query}`)).json()) as Trends;
    };
    await expect.poll(async () => (await trends()).times.length, { timeout: 60_000 }).toBeGreaterThan(3);
    // isp-b out for 10 s through the router itself: its netwatch sees it down, then up again.
    const drill = await api.post(`/api/v1/devices/${id}/drills`, { headers, data: { link: "isp-b", durationS: 10 } });
    expect(drill.status(), await drill.text()).toBe(201);
    const drillId = ((await drill.json()) as { id: string }).id;
    await expect
      .poll(async () => ((await (await api.get(`/api/v1/drills/${drillId}`)).json()) as { outcome: string }).outcome, { timeout: 120_000 })
      .not.toBe("running");
    // (Its netwatch may first go from unknown to up after the push: only the drill's down and up must follow.)
    await expect
      .poll(
        async () =>
          (await trends()).events
            .filter((e) => e.name === "isp-b")
            .map((e) => e.state)
            .join(" "),
        { timeout: 60_000 },
      )
      .toMatch(/down up$/);
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

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((node) => `${v.impact} ${v.id} (${v.help}) at ${node.target.join(" ")}`));
}

test("[trends] a viewer reads each link's and backend's history and isp-b's outage on the timeline", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(`/devices/${deviceId}/trends`);
  await expect(page.getByRole("heading", { name: "Trends", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(/18-trends edge · Trends · Waymark$/);
  await expect(page.getByTestId("device-tabs").getByRole("link", { name: "Trends", exact: true })).toHaveAttribute("aria-current", "page");

  // The range is a radio group: from "1 h" the left arrow picks "15 min".
  const range = page.getByRole("group", { name: "Range" });
  await expect(range.getByRole("radio", { name: "1 h" })).toBeChecked();
  await range.getByRole("radio", { name: "1 h" }).focus();
  await page.keyboard.press("ArrowLeft");
  await expect(range.getByRole("radio", { name: "15 min" })).toBeChecked();
  const status = page.getByTestId("trend-status");
  await expect(status).toHaveText(/^Showing the last 15 min, every poll: [\d,]+ points\.$/);

  // Every poll since the push is recorded; the newest reach the chart within a few seconds of a refresh.
  await expect
    .poll(
      async () => {
        await page.getByRole("button", { name: "Refresh" }).click();
        await expect(status).toHaveText(/^Showing/);
        return Number((await status.textContent())?.match(/([\d,]+) points/)?.[1]?.replace(/,/g, "") ?? 0);
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(10);

  const ispA = page.getByRole("region", { name: "Link isp-a" });
  const ispB = page.getByRole("region", { name: "Link isp-b" });
  await expect(ispA).toBeVisible();
  await expect(ispB).toBeVisible();
  // Traffic and connections drawn; RouterOS netwatch reports no loss or RTT, and the probe chart says so in words.
  await expect(ispA.getByTestId("trend-canvas").locator("canvas")).toHaveCount(2);
  await expect(ispA.getByTestId("trend-summary").nth(2)).toHaveText(
    /^Not measured in the last 15 min: the device does not report probe loss or round-trip time\.$/,
  );
  await expect(ispA.getByTestId("trend-summary").first()).toHaveText(/in averaged [\d.]+ [kMG]?bit\/s \(peak [\d.]+ [kMG]?bit\/s\)/);

  // isp-b's band says down (sign and word) for the drill and up around it; the timeline lists both changes.
  const band = ispB.getByTestId("state-band");
  await expect(band.locator('li[data-state="down"]')).toHaveCount(1);
  await expect(band.locator('li[data-state="up"]').first()).toContainText("up");
  const changes = page.getByTestId("state-timeline").getByTestId("state-change").filter({ hasText: "Link isp-b" });
  await expect(changes.filter({ hasText: /up\W+to\W+down/ })).toHaveCount(1);
  await expect(changes.filter({ hasText: /down\W+to\W+up/ })).toHaveCount(1);

  await expect(page.getByRole("region", { name: "Backend web/web-1" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Backend web/web-2" })).toBeVisible();

  // The numbers behind a chart, as a table.
  const traffic = ispA.getByTestId("trend-chart").first();
  await traffic.getByText("Show as table").click();
  // (The first poll has no rate yet: a dash, not a 0.)
  await expect(
    traffic
      .getByRole("table")
      .getByRole("row")
      .filter({ hasText: /[\d.]+ [kMG]?bit\/s/ })
      .first(),
  ).toBeVisible();
  await traffic.getByText("Show as table").click();

  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, "18-trends");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForTimeout(300);
  await screenshot(page, testInfo, "18-trends-dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(500);
  await screenshot(page, testInfo, "18-trends-390-dark");
  expect(await seriousViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: "light" });
  await page.waitForTimeout(300);
  await screenshot(page, testInfo, "18-trends-390");
  // Nothing scrolls the page sideways at 390 px: wide things scroll inside themselves.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
