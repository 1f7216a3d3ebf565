// A MikroTik router through the UI, against the simulated router the global setup starts (scripts/simulate-router.ts:
// RouterOS 7.16 booted from an export that carries the admin's own firewall rules, LAN clients opening connections).
// The admin adds the router, saves a dual-WAN intent with a server pool, previews the .rsc (PCC, then ECMP), pushes
// it, and watches the live state: netwatch up, routes active, and rule counters that keep moving with the traffic.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE, DialogWatcher, dismissNotices, screenshot } from "./support";
import { routerOsSimDetails } from "./routeros-sim";

test.describe.configure({ mode: "serial" });
test.use({ storageState: ADMIN_STATE });

const NAME = "simulated edge router";
const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const INTENT = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
  inbound: { pools: [{ name: "web", listen: { interface: "wan1", protocol: "tcp", port: 443 }, backends: [{ name: "web-1", address: "192.168.10.200" }, { name: "web-2", address: "192.168.10.201" }] }] },
};

let deviceUrl = "";
let dialogs: DialogWatcher;

test.beforeEach(({ page }) => {
  dialogs = new DialogWatcher(page);
});

test.afterEach(() => {
  expect(dialogs.seen).toEqual([]);
});

/** The packet counter of one of Waymark's rules in the live state table. */
async function rulePackets(page: Page, rule: string): Promise<number> {
  const row = page.getByTestId("rule-counters").getByRole("row").filter({ has: page.getByRole("cell", { name: rule, exact: true }) });
  return Number((await row.getByTestId("rule-packets").textContent())?.trim() ?? "NaN");
}

test("[mikrotik] add the simulated router and reach it over the RouterOS API", async ({ page }) => {
  const sim = routerOsSimDetails();
  await page.goto("/devices/new");
  await page.getByLabel("MikroTik router (RouterOS API)").check();
  await page.getByLabel("Name", { exact: true }).fill(NAME);
  await page.getByLabel("Host (address or DNS name)").fill(sim.host);
  await page.getByLabel("Port", { exact: true }).fill(String(sim.port));
  await page.getByLabel("User", { exact: true }).fill(sim.username);
  await page.getByLabel("Password", { exact: true }).fill(sim.password);
  await page.getByRole("button", { name: "Add device" }).click();
  await expect(page).toHaveURL(/\/devices\/(?!new$)[^/]+$/);
  deviceUrl = new URL(page.url()).pathname;

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-status")).toHaveText("reachable");
  await expect(page.getByTestId("device-identity")).toHaveText(sim.identity);
  await expect(page.getByTestId("device-version")).toContainText("7.16.2");
  await expect(page.getByRole("heading", { name: "Load-balancing policy" })).toBeVisible();
});

test("[mikrotik] save the intent and preview the .rsc: PCC by default, ECMP when chosen", async ({ page }) => {
  await page.goto(deviceUrl);
  await page.getByLabel("Intent (JSON)").fill(JSON.stringify(INTENT, null, 2));
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Policy saved; nothing was pushed yet" })).toBeVisible();

  await expect(page.getByLabel("Balancer")).toHaveValue("pcc");
  await page.getByRole("button", { name: "Preview plan" }).click();
  const script = page.getByTestId("plan-script");
  await expect(script).toContainText("/routing table add");
  await expect(script).toContainText("per-connection-classifier=both-addresses-and-ports:4/3");
  await expect(script).toContainText("action=dst-nat");
  await expect(page.getByText("never touches objects without a waymark: comment")).toBeVisible();

  await page.getByLabel("Balancer").selectOption("ecmp");
  await expect(page.getByRole("status").filter({ hasText: "Balancing by ECMP saved" })).toBeVisible();
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(script).not.toContainText("per-connection-classifier=both-addresses-and-ports:4/3");
  await page.getByLabel("Balancer").selectOption("pcc");
  await expect(page.getByRole("status").filter({ hasText: "Balancing by PCC saved" })).toBeVisible();

  await page.getByLabel("RouterOS version").selectOption("6");
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(script).toContainText("routing-mark=to-isp-a");
});

test("[mikrotik] push: confirmed, then the live state shows netwatch up, routes active and counters moving", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(deviceUrl);
  await page.getByLabel("Reason for this change (kept in the history)").fill("e2e: dual WAN 3:1 with a web pool");
  await page.getByRole("button", { name: "Push", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Push confirmed" })).toBeVisible({ timeout: 90_000 });
  const steps = page.getByTestId("push-steps");
  for (const step of ["connect", "inspect", "snapshot", "arm", "apply", "gate", "confirm"]) {
    await expect(steps.getByRole("listitem").filter({ hasText: step }).first()).toBeVisible();
  }
  await expect(steps.getByRole("listitem").filter({ hasText: "failed" })).toHaveCount(0);

  await expect(page.getByRole("heading", { name: "Live state" })).toBeVisible();
  const netwatch = page.getByTestId("netwatch-state");
  await expect(netwatch.getByRole("row").filter({ hasText: "netwatch:isp-a" })).toContainText("up", { timeout: 15_000 });
  await expect(netwatch.getByRole("row").filter({ hasText: "netwatch:isp-b" })).toContainText("up");
  await expect(page.getByTestId("route-state").getByRole("row").filter({ hasText: "route:isp-a:via:isp-a" })).toContainText("active");
  await expect(page.getByText(/^Drift:/)).toHaveCount(0);

  const first = await rulePackets(page, "mark-routing:isp-a");
  expect(first).not.toBeNaN();
  await expect.poll(() => rulePackets(page, "mark-routing:isp-a"), { timeout: 20_000 }).toBeGreaterThan(first);
  await expect.poll(() => rulePackets(page, "pcc:isp-b:3"), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(() => rulePackets(page, "pool:web:web-1:0"), { timeout: 20_000 }).toBeGreaterThan(0);

  // The live split of new connections follows the 3:1 weights (masquerade counters, read every 3 s).
  const share = async (link: string) => {
    const text = await page.getByTestId("link-summary").getByRole("row").filter({ hasText: link }).getByTestId("link-share").textContent();
    return Number.parseFloat(text ?? "");
  };
  await expect.poll(async () => (await share("isp-a")) > (await share("isp-b")), { timeout: 30_000 }).toBe(true);

  await dismissNotices(page);
  await screenshot(page, testInfo, "device-mikrotik-live");
});
