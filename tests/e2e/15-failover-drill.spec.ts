// A failover drill through the UI on the dual-WAN lab gateway named "drill" (lab/wan-lab-cli.ts, brought up by the
// global setup). The gateway and its dual-WAN policy are set up through the API; then an operator opens the Drills
// tab, asks for a 15 s drill of isp1 while LAN clients open connections, confirms in the dialog (which says what
// happens to isp1's traffic), follows it phase by phase and finds the detection and switch times in the results and
// the trend; the overview shows the topology and the latest drill per link.
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Locator, Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { asSeedingAdmin, seededUser } from "./seed";
import { DialogWatcher, dismissNotices, labTraffic, screenshot, wanLabDetails } from "./support";

test.describe.configure({ mode: "serial" });

const OPERATOR = seededUser("15-failover-drill", "operator");
test.use({ storageState: async ({}, use) => use(await OPERATOR.storageState()) });

let deviceId = "";
let dialogs: DialogWatcher;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const lab = wanLabDetails("drill");
  const link = (name: string) => {
    const found = lab.links.find((l) => l.name === name);
    if (!found) throw new Error(`the drill lab has no ${name}`);
    return found;
  };
  deviceId = await asSeedingAdmin(async (api, csrf) => {
    const headers = { "x-csrf-token": csrf };
    const device = await api.post("/api/v1/devices", {
      headers,
      data: {
        kind: "linux",
        name: "15-failover-drill gateway",
        host: lab.host,
        port: lab.port,
        username: lab.username,
        auth: { method: "key", privateKey: lab.privateKey },
      },
    });
    expect(device.status(), await device.text()).toBe(201);
    const id = ((await device.json()) as { id: string }).id;
    const check = await api.post(`/api/v1/devices/${id}/test-connection`, { headers });
    expect(((await check.json()) as { check: { status: string } }).check.status).toBe("reachable");
    const intent = {
      links: ["isp1", "isp2"].map((name) => ({
        name,
        interface: link(name).interface,
        gateway: link(name).gateway,
        probe: { targets: [...lab.probeTargets] },
      })),
      outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
    };
    expect((await api.put(`/api/v1/devices/${id}/policy`, { headers, data: intent })).status()).toBe(200);
    const push = await api.post(`/api/v1/devices/${id}/push?wait=90`, { headers, data: { reason: "dual WAN for the drill", confirmWindowSec: 20 } });
    expect(((await push.json()) as { status: string }).status).toBe("confirmed");
    return id;
  });
});

/** One element's screenshot, kept next to the full-page ones (test-results/screenshots/<name>.png). */
async function screenshotOf(locator: Locator, testInfo: TestInfo, name: string): Promise<void> {
  const dir = path.join(testInfo.project.outputDir, "screenshots");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await locator.screenshot({ path: file, animations: "disabled" });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** Serious or critical axe-core findings (WCAG 2.0/2.1 A and AA), one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((node) => `${v.impact} ${v.id} (${v.help}) at ${node.target.join(" ")}`));
}

test.beforeEach(({ page }) => {
  dialogs = new DialogWatcher(page);
});

test.afterEach(() => {
  expect(dialogs.seen).toEqual([]);
});

test("[drill] test failover of isp1 for 15 s with traffic flowing: detection and switch times recorded, and the trend", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(`/devices/${deviceId}/drills`);
  await expect(page.getByRole("heading", { name: "Failover drills" })).toBeVisible();
  await expect(page).toHaveTitle(/Drills · Waymark/);
  await page.getByLabel("Link").selectOption("isp1");
  await page.getByLabel("For (seconds)").fill("15");
  await page.getByRole("button", { name: "Test failover of isp1…" }).click();
  const dialog = page.getByRole("dialog", { name: "Test failover of isp1 for 15 s?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("new connections go to isp2");
  await screenshot(page, testInfo, "15-drill-confirm");

  // LAN clients keep opening connections for the whole drill, so there is a switch to observe.
  let flowing = true;
  const traffic = (async () => {
    while (flowing) await labTraffic(40, "drill").catch(() => undefined);
  })();
  try {
    await dialog.getByRole("button", { name: "Take isp1 out for 15 s" }).click();
    const progress = page.getByTestId("drill-progress");
    await expect(progress.getByText(/^detected after \d+\.\d s$/)).toBeVisible({ timeout: 30_000 });
    await expect(progress.getByText(/^switched after \d+\.\d s$/)).toBeVisible({ timeout: 30_000 });
    await screenshot(page, testInfo, "15-drill-running");
    await expect(progress.getByText("passed", { exact: true })).toBeVisible({ timeout: 90_000 });
  } finally {
    flowing = false;
    await traffic;
  }
  await dismissNotices(page);
  const progress = page.getByTestId("drill-progress");
  await expect(progress.getByText(/^back up \d+\.\d s after the restore$/)).toBeVisible();

  const results = page.getByTestId("drill-results");
  await expect(results.getByRole("row")).toHaveCount(2);
  await expect(results.getByRole("row").nth(1)).toContainText("isp1");
  await expect(results.getByRole("row").nth(1)).toContainText(/\d+\.\d s/);
  await expect(page.getByTestId("drill-trend-isp1").getByRole("row")).toHaveCount(2);
  await screenshot(page, testInfo, "15-drill-done");

  const stored = (await (await page.request.get(`/api/v1/devices/${deviceId}/drills`)).json()) as { outcome: string; detectionMs: number; switchMs: number }[];
  expect(stored[0]).toMatchObject({ outcome: "passed" });
  expect(stored[0]!.detectionMs).toBeGreaterThan(0);
  expect(stored[0]!.switchMs).toBeGreaterThanOrEqual(stored[0]!.detectionMs);

  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, testInfo, "15-drill-done-390");
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, testInfo, "15-drill-done-390-dark");
  expect(await seriousViolations(page)).toEqual([]);
});

test("[drill] the overview shows the topology with live link states and the latest drill per link", async ({ page }, testInfo) => {
  await page.goto(`/devices/${deviceId}`);
  const topology = page.getByRole("region", { name: "Topology" });
  await expect(topology.getByTestId("topology-facts")).toContainText(/Link isp1 on \S+: up/, { timeout: 20_000 });
  await expect(topology.getByTestId("topology-facts")).toContainText(/Link isp2 on \S+: up/);
  // With LAN traffic flowing, the links' edges widen with their rates.
  let flowing = true;
  const traffic = (async () => {
    while (flowing) await labTraffic(60, "drill").catch(() => undefined);
  })();
  try {
    await expect(topology.getByTestId("topology-facts")).toContainText(/Link isp1 on \S+: up, traffic [1-9]/, { timeout: 30_000 });
    await screenshotOf(topology, testInfo, "15-topology-traffic");
  } finally {
    flowing = false;
    await traffic;
  }
  await expect(page.getByTestId("latest-drills")).toContainText("isp1");
  await expect(page.getByTestId("latest-drills")).toContainText(/detection \d+\.\d s, switch \d+\.\d s/);
  await screenshot(page, testInfo, "15-overview");
  await screenshotOf(topology, testInfo, "15-topology");
  expect(await seriousViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, testInfo, "15-overview-dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, testInfo, "15-overview-390-dark");
  await screenshotOf(topology, testInfo, "15-topology-390-dark");
  expect(await seriousViolations(page)).toEqual([]);
});
