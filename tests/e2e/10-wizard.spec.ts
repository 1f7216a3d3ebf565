// The dual-WAN setup wizard as a new admin uses it, start to finish, twice: on a simulated MikroTik of this spec's
// own (scripts/simulate-router.ts, LAN clients opening connections) and on the WAN lab's "wizard" gateway (a real
// namespace with sshd, nftables and two ISPs). Each run adds the device, lets Waymark read it and propose the links
// and LAN, edits what a lab needs (probe targets it answers, a weight), is corrected inline on a wrong gateway,
// reviews the plan ("N to add, 0 to change, 0 to remove", what it means, the exact change), pushes it, and ends on
// new connections arriving on both links. Screenshots of every step, at 1280 px and 390 px, light and dark.
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { startRouterOsSim, type RouterOsSim } from "./routeros-sim";
import { seededUser } from "./seed";
import { DialogWatcher, dismissNotices, labTraffic, screenshot, wanLabDetails } from "./support";

test.describe.configure({ mode: "serial" });

const ADMIN = seededUser("10-wizard", "admin");
test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });

let dialogs: DialogWatcher;
let sim: RouterOsSim | undefined;

test.beforeAll(async () => {
  sim = await startRouterOsSim("10-wizard");
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

const stepHeading = (page: Page) => page.getByTestId("wizard-step");
const linkCard = (page: Page, index: number) => page.getByTestId("wizard-link").nth(index);

/** axe-core's serious and critical findings (WCAG 2.x A and AA), one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((node) => `${v.impact} ${v.id} at ${node.target.join(" ")}: ${node.failureSummary ?? ""}`));
}

/** The wizard's step, kept and checked by axe at 1280 px light; `narrow` adds 390 px, `dark` the dark theme. */
async function shoot(page: Page, testInfo: TestInfo, name: string, also: { narrow?: boolean; dark?: boolean } = {}): Promise<void> {
  await dismissNotices(page);
  await screenshot(page, testInfo, name);
  expect(await seriousViolations(page), name).toEqual([]);
  if (also.dark) {
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, testInfo, `${name}-dark`);
    expect(await seriousViolations(page), `${name} dark`).toEqual([]);
    await page.emulateMedia({ colorScheme: "light" });
  }
  if (also.narrow) {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, testInfo, `${name}-390`);
    expect(await seriousViolations(page), `${name} 390 px`).toEqual([]);
    if (size) await page.setViewportSize(size);
  }
}

/** New connections a link took since the live check began ("+12"). */
async function sinceCheck(page: Page, link: string): Promise<number> {
  const text = await page.locator(`[data-testid="live-links"] tr[data-link="${link}"] [data-testid="link-new-since"]`).textContent();
  return Number((text ?? "").replace(/[^\d]/g, "") || "NaN");
}

async function fillTargets(card: Locator, targets: readonly string[]): Promise<void> {
  await card.getByLabel("Target 1").fill(targets[0] ?? "");
  await card.getByLabel("Target 2").fill(targets[1] ?? "");
}

async function addDevice(page: Page, kind: "routeros" | "linux", fill: (page: Page) => Promise<void>): Promise<string> {
  await page.goto("/devices/new");
  await page.getByLabel(kind === "routeros" ? "MikroTik router (RouterOS API)" : "Linux gateway (SSH)").check();
  await fill(page);
  await page.getByRole("button", { name: "Add device" }).click();
  await expect(page).toHaveURL(/\/devices\/(?!new$)[^/]+$/);
  const url = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-status")).toHaveText("reachable");
  return url;
}

/** Review → push → live check, shared by both devices once the links are set. */
async function reviewAndPush(page: Page, testInfo: TestInfo, label: string, expectScript: RegExp, apart: string): Promise<void> {
  await page.getByRole("button", { name: "Next" }).click();
  await expect(stepHeading(page)).toHaveText("Step 4 of 6: Review");
  await expect(page.getByTestId("changes-summary")).toHaveText(/^\d+ to add, 0 to change, 0 to remove$/, { timeout: 30_000 });
  const added = Number((await page.getByTestId("changes-summary").textContent())?.split(" ")[0]);
  expect(added).toBeGreaterThan(10);
  await expect(page.getByTestId("plan-meaning")).toContainText("New connections: wan1 75 %, wan2 25 %.");
  // Probed as often as the device can: netwatch once a second, the Linux monitor at the intent's 300 ms.
  await expect(page.getByTestId("plan-meaning")).toContainText(new RegExp(`If wan1 misses 3 probes of \\S+ and \\S+ ${apart} apart`));
  await page.getByText(/^The exact device change/).click();
  await expect(page.getByTestId("plan-script")).toContainText(expectScript);
  await shoot(page, testInfo, `${label}-4-review`, { narrow: true, dark: true });

  await page.getByLabel("Reason for this change").fill(`e2e: ${label} dual-WAN from the wizard`);
  await page.getByRole("button", { name: "Save and push" }).click();
  await expect(stepHeading(page)).toHaveText("Step 5 of 6: Push");
  await expect(page.getByTestId("push-outcome")).toContainText("confirmed", { timeout: 90_000 });
  await expect(page.getByTestId("push-steps").locator('[data-step="gate"]')).toHaveAttribute("data-status", "ok");
  await shoot(page, testInfo, `${label}-5-push`, { narrow: true });

  await page.getByRole("button", { name: "Next: live check" }).click();
  await expect(stepHeading(page)).toHaveText("Step 6 of 6: Live check");
  await expect(page.getByTestId("live-links").locator("tbody tr")).toHaveCount(2, { timeout: 30_000 });
}

test("[wizard] a simulated MikroTik: read, propose, edit with inline validation, review, push, and traffic on both links", async ({ page }, testInfo) => {
  const router = sim!;
  const url = await addDevice(page, "routeros", async (p) => {
    await p.getByLabel("Name", { exact: true }).fill("10-wizard simulated edge router");
    await p.getByLabel("Host (address or DNS name)").fill(router.host);
    await p.getByLabel("Port", { exact: true }).fill(String(router.port));
    await p.getByLabel("User", { exact: true }).fill(router.username);
    await p.getByLabel("Password", { exact: true }).fill(router.password);
  });

  await page.getByRole("navigation", { name: "Device" }).getByRole("link", { name: "Setup wizard" }).click();
  await expect(page).toHaveURL(`${url}/wizard`);
  await expect(page).toHaveTitle(/· Setup wizard · Waymark$/);
  await expect(stepHeading(page)).toHaveText("Step 1 of 6: Read the device");
  const proposal = page.getByTestId("wizard-proposal");
  await expect(proposal).toContainText("wan1: default route via 198.51.100.1, static address");
  await expect(proposal).toContainText("wan2: public address 203.0.113.2/24, no default route → WAN; gateway 203.0.113.1 is a guess");
  await expect(proposal).toContainText("lan0: 192.168.10.1/24, no default route → LAN");
  await shoot(page, testInfo, "mikrotik-1-read", { narrow: true, dark: true });

  await page.getByRole("button", { name: "Next" }).click();
  await expect(stepHeading(page)).toHaveText("Step 2 of 6: Links and LAN");
  await expect(stepHeading(page)).toBeFocused();
  await expect(page.getByTestId("wizard-link")).toHaveCount(2);
  const [wan1, wan2] = [linkCard(page, 0), linkCard(page, 1)];
  await expect(wan1.getByLabel("Gateway")).toHaveValue("198.51.100.1");
  await expect(wan2.getByLabel("Gateway")).toHaveValue("203.0.113.1");
  // Suggested targets: two per link, a different pair on each, never the gateway.
  await expect(wan1.getByLabel("Target 1")).toHaveValue("1.1.1.1");
  await expect(wan2.getByLabel("Target 1")).toHaveValue("8.8.8.8");

  // The weight's share is shown as it is typed.
  await wan1.getByLabel("Weight").fill("3");
  await expect(wan1.getByTestId("link-share")).toHaveText("75 %");
  await expect(wan2.getByTestId("link-share")).toHaveText("25 %");

  // A wrong gateway is named beside its field as it is typed, with the allowed form; Next waits.
  await wan2.getByLabel("Gateway").fill("203.0.113.x");
  await expect(wan2.getByTestId("field-issue")).toHaveText("an IPv4 address such as 192.0.2.1");
  await expect(wan2.getByLabel("Gateway")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();
  await shoot(page, testInfo, "mikrotik-2-inline-issue");
  await wan2.getByLabel("Gateway").fill("203.0.113.1");
  await expect(wan2.getByTestId("field-issue")).toHaveCount(0);

  // The simulated ISPs answer the lab's probe targets, not the public resolvers.
  await fillTargets(wan1, ["192.0.2.10", "192.0.2.11"]);
  await fillTargets(wan2, ["192.0.2.11", "192.0.2.10"]);
  await expect(page.getByRole("button", { name: "Next" })).toBeEnabled();
  await shoot(page, testInfo, "mikrotik-2-links", { narrow: true, dark: true });

  await page.getByRole("button", { name: "Next" }).click();
  await expect(stepHeading(page)).toHaveText("Step 3 of 6: Balancing");
  await expect(page.getByRole("radio", { name: /Per connection/ })).toBeChecked();
  await expect(page.getByRole("radio", { name: /PCC/ })).toBeChecked();
  await expect(page.getByText("Fewer rules: the router spreads connections over equal routes")).toBeVisible();
  await shoot(page, testInfo, "mikrotik-3-balancing", { narrow: true });

  await reviewAndPush(page, testInfo, "mikrotik", /per-connection-classifier=both-addresses-and-ports:4\/3/, "1 s");
  // The simulated LAN keeps opening connections: both links take new ones.
  await expect.poll(async () => Math.min(await sinceCheck(page, "wan1"), await sinceCheck(page, "wan2")), { timeout: 60_000 }).toBeGreaterThan(0);
  await shoot(page, testInfo, "mikrotik-6-live", { narrow: true, dark: true });

  // Back on the wizard later, it says the device has a policy and starts from it.
  await page.reload();
  await expect(page.getByTestId("wizard-step")).toBeVisible();
});

test("[wizard] the Linux lab gateway: proposal from ip addr and ip route, push, and lab traffic on both links", async ({ page }, testInfo) => {
  const lab = wanLabDetails("wizard");
  await addDevice(page, "linux", async (p) => {
    await p.getByLabel("Name", { exact: true }).fill("10-wizard wan lab gateway");
    await p.getByLabel("Host (address or DNS name)").fill(lab.host);
    await p.getByLabel("Port", { exact: true }).fill(String(lab.port));
    await p.getByLabel("User", { exact: true }).fill(lab.username);
    await p.getByRole("radio", { name: "Private key" }).check();
    await p.getByRole("textbox", { name: "Private key", exact: true }).fill(lab.privateKey);
  });
  await page.getByRole("navigation", { name: "Device" }).getByRole("link", { name: "Setup wizard" }).click();
  await expect(stepHeading(page)).toHaveText("Step 1 of 6: Read the device");
  const proposal = page.getByTestId("wizard-proposal");
  const [isp1, isp2] = lab.links;
  // The lab's gateway has public /30s on its WANs: each is proposed with the other end of its /30 as the gateway.
  const why = (link: { interface: string; gateway: string }) =>
    new RegExp(
      `${link.interface}: (default route via ${link.gateway.replaceAll(".", "\\.")}|public address \\S+, no default route → WAN; gateway ${link.gateway.replaceAll(".", "\\.")} is a guess)`,
    );
  await expect(proposal).toContainText(why(isp1!), { timeout: 30_000 });
  await expect(proposal).toContainText(why(isp2!));
  await expect(proposal).toContainText("the dashboard reaches the device through it → left alone");
  await shoot(page, testInfo, "linux-1-read", { narrow: true });

  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByTestId("wizard-link")).toHaveCount(2);
  const [wan1, wan2] = [linkCard(page, 0), linkCard(page, 1)];
  await expect(wan1.getByLabel("Gateway")).toHaveValue(isp1!.gateway);
  await expect(wan2.getByLabel("Gateway")).toHaveValue(isp2!.gateway);
  await expect(page.getByTestId("wizard-lan").first().getByLabel("LAN networks behind it")).toHaveValue(lab.lanSubnet);
  await wan1.getByLabel("Weight").fill("3");
  await expect(wan1.getByTestId("link-share")).toHaveText("75 %");
  await fillTargets(wan1, lab.probeTargets);
  await fillTargets(wan2, lab.probeTargets);
  await expect(page.getByRole("button", { name: "Next" })).toBeEnabled();
  await shoot(page, testInfo, "linux-2-links", { narrow: true, dark: true });

  await page.getByRole("button", { name: "Next" }).click();
  await expect(stepHeading(page)).toHaveText("Step 3 of 6: Balancing");
  await expect(page.getByText("On a Linux gateway Waymark balances with nftables")).toBeVisible();
  await reviewAndPush(page, testInfo, "linux", /table inet waymark/, "300 ms");

  const traffic = await labTraffic(200, "wizard");
  expect(traffic.ok).toBe(200);
  await expect.poll(async () => Math.min(await sinceCheck(page, "wan1"), await sinceCheck(page, "wan2")), { timeout: 60_000 }).toBeGreaterThan(0);
  await shoot(page, testInfo, "linux-6-live", { narrow: true, dark: true });
});
