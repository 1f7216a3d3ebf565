// The visual policy builder on a simulated MikroTik (scripts/simulate-router.ts, the demo's "edge" router: wan1 via
// 198.51.100.1, wan2 via 203.0.113.1, LAN 192.168.10.0/24 on lan0). The admin builds a dual-WAN policy from nothing
// through forms only, sees the schema refuse a bad gateway and a weight of 0 with the allowed range, orders two
// exceptions by keyboard and by mouse, drags a link into tier 2, reviews (meaning-level diff and plan) and pushes;
// then stages a weight change and sees it in words in the review; leaving with staged edits asks first. A viewer sees
// the builder and can change nothing.
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page, TestInfo } from "@playwright/test";
import { expect, hydrated, test } from "./fixtures";
import { startRouterOsSim, type RouterOsSim } from "./routeros-sim";
import { seededUser } from "./seed";
import { DialogWatcher, dismissNotices, screenshot } from "./support";

test.describe.configure({ mode: "serial" });

const ADMIN = seededUser("11-policy-builder", "admin");
const VIEWER = seededUser("11-policy-builder", "viewer");
test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });

const NAME = "11-policy-builder edge router";
let policyUrl = "";
let dialogs: DialogWatcher;
let started: RouterOsSim | undefined;

test.beforeAll(async () => {
  started = await startRouterOsSim("11-policy-builder");
});

test.afterAll(() => {
  started?.stop();
});

test.beforeEach(({ page }) => {
  dialogs = new DialogWatcher(page);
});

test.afterEach(() => {
  expect(dialogs.seen).toEqual([]);
});

const linkCard = (page: Page, index: number) => page.getByTestId("link-card").nth(index);
const linkByName = (page: Page, name: string) => page.locator(`[data-testid="link-card"][data-link="${name}"]`);
const pinnedComments = (page: Page) => page.getByTestId("pinned-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-comment")));

async function fillLink(card: Locator, link: { name: string; interface: string; gateway: string; weight: string; targets: string[] }): Promise<void> {
  await card.getByLabel("Name", { exact: true }).fill(link.name);
  await card.getByLabel("Interface", { exact: true }).selectOption(link.interface);
  await card.getByLabel("Gateway", { exact: true }).fill(link.gateway);
  await card.getByLabel("Weight", { exact: true }).fill(link.weight);
  await card.getByLabel("Target 1", { exact: true }).fill(link.targets[0]!);
  for (const [i, target] of link.targets.slice(1).entries()) {
    await card.getByRole("button", { name: "Add target" }).click();
    await card.getByLabel(`Target ${i + 2}`, { exact: true }).fill(target);
  }
}

/** Drags by mouse from one element's centre to another's, in steps, as a hand would (dnd-kit's pointer sensor). */
async function dragByMouse(page: Page, from: Locator, to: Locator): Promise<void> {
  await from.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error("nothing to drag or nowhere to drop");
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 20 });
  await page.mouse.up();
}

/** axe-core (WCAG 2.0/2.1 A and AA) on the builder as it stands, in both themes: serious or critical findings fail. */
async function expectAccessible(page: Page): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(" ")}`));
    expect(serious, colorScheme).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function shots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await dismissNotices(page);
  // What a narrow screen shows of the links and of the exceptions, in both themes (the full pages follow).
  await page.setViewportSize({ width: 390, height: 844 });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByRole("heading", { name: "Links and tiers" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`${name}-390-${scheme}-links.png`) });
    await page.getByRole("heading", { name: "Exceptions: pinned traffic" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`${name}-390-${scheme}-pinned.png`) });
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, testInfo, `${name}-1280-light`);
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, testInfo, `${name}-1280-dark`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, testInfo, `${name}-390-dark`);
  await page.emulateMedia({ colorScheme: "light" });
  await screenshot(page, testInfo, `${name}-390-light`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("[builder] add the simulated router", async ({ page }) => {
  const sim = started!;
  await page.goto("/devices/new");
  await page.getByLabel("MikroTik router (RouterOS API)").check();
  await page.getByLabel("Name", { exact: true }).fill(NAME);
  await page.getByLabel("Host (address or DNS name)").fill(sim.host);
  await page.getByLabel("Port", { exact: true }).fill(String(sim.port));
  await page.getByLabel("User", { exact: true }).fill(sim.username);
  await page.getByLabel("Password", { exact: true }).fill(sim.password);
  await page.getByRole("button", { name: "Add device" }).click();
  await expect(page).toHaveURL(/\/devices\/(?!new$)[^/]+$/);
  policyUrl = `${new URL(page.url()).pathname}/policy`;
});

test("[builder] build a dual-WAN policy through forms: inline refusals with the allowed values, exceptions ordered by keyboard and mouse, a link dragged to tier 2, review and push", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(policyUrl);
  await expect(page.getByRole("heading", { name: "Load-balancing policy", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Visual builder" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("link-card")).toHaveCount(0);
  // Interface fields become selects of the router's own interfaces once it is read.
  await page.getByRole("button", { name: "Read interfaces from the device" }).click();
  await expect(page.getByTestId("interfaces-read")).toContainText("wan1");

  await page.getByRole("button", { name: "Add link" }).click();
  const first = linkCard(page, 0);
  await fillLink(first, { name: "wan1", interface: "wan1", gateway: "198.51.100.300", weight: "0", targets: ["192.0.2.10", "192.0.2.11"] });
  // The schema refuses as the admin types, beside the field, with what it accepts.
  const gateway = first.getByLabel("Gateway", { exact: true });
  await expect(gateway).toHaveAttribute("aria-invalid", "true");
  await expect(gateway).toHaveAccessibleDescription(/an IPv4 address such as 192\.0\.2\.1/);
  const weight = first.getByLabel("Weight", { exact: true });
  await expect(weight).toHaveAttribute("aria-invalid", "true");
  await expect(weight).toHaveAccessibleDescription(/Allowed: 1–100 \(default 1\).*>=1/);
  await expect(page.getByRole("button", { name: "Review & push" })).toBeDisabled();
  await gateway.fill("198.51.100.1");
  await weight.fill("1");
  await expect(gateway).not.toHaveAttribute("aria-invalid", "true");
  await expect(weight).not.toHaveAttribute("aria-invalid", "true");
  await expect(first.getByTestId("detection-time")).toContainText(
    "A dead wan1 is declared down after 0.60 s–0.90 s (0.90 s–1.20 s if its probes were already losing answers)",
  );

  await page.getByRole("button", { name: "Add link" }).click();
  await fillLink(linkCard(page, 1), { name: "wan2", interface: "wan2", gateway: "203.0.113.1", weight: "1", targets: ["192.0.2.20", "192.0.2.21"] });
  await expect(linkByName(page, "wan1").getByTestId("link-share")).toHaveText("50 % of tier 1");

  await page.getByRole("button", { name: "Add LAN interface" }).click();
  await page.getByLabel("LAN interface 1", { exact: true }).selectOption("lan0");
  await page.getByRole("button", { name: "Add LAN source" }).click();
  await page.getByLabel("LAN source 1", { exact: true }).fill("192.168.10.0/24");

  // Two exceptions; their order is their precedence.
  for (const pin of [
    { source: "192.168.10.50", link: "wan1", comment: "voip" },
    { source: "192.168.10.60", link: "wan2", comment: "bank" },
  ]) {
    await page.getByRole("button", { name: "Add pinned traffic" }).click();
    const row = page.getByTestId("pinned-row").last();
    await row.getByLabel("Source", { exact: true }).fill(pin.source);
    await row.getByLabel("Always through").selectOption(pin.link);
    await row.getByLabel("Comment", { exact: true }).fill(pin.comment);
  }
  expect(await pinnedComments(page)).toEqual(["voip", "bank"]);

  // By keyboard: Space picks the row up, ArrowUp moves it, Space drops it; each step is announced in words (the live
  // region holds the latest announcement).
  const announced = (text: string) => expect(page.locator('[id^="DndLiveRegion"]').filter({ hasText: text })).toHaveCount(1);
  await page.getByRole("button", { name: "Drag Pinned traffic 2" }).focus();
  await page.keyboard.press("Space");
  await announced("Pinned traffic 2 is over position 2.");
  await page.keyboard.press("ArrowUp");
  await announced("Pinned traffic 2 is over position 1.");
  await page.keyboard.press("Space");
  await announced("Pinned traffic 2 moved to position 1.");
  await expect.poll(() => pinnedComments(page)).toEqual(["bank", "voip"]);
  // By mouse: drag the first row below the second.
  await dragByMouse(page, page.getByRole("button", { name: "Drag Pinned traffic 1" }), page.getByTestId("pinned-row").nth(1));
  await expect.poll(() => pinnedComments(page)).toEqual(["voip", "bank"]);

  // wan2 becomes the standby: dragged into tier 2.
  // A link card with its probe is taller than a laptop screen: a tall window keeps handle and tier 2 both in view.
  await page.setViewportSize({ width: 1280, height: 2000 });
  await page.getByRole("button", { name: "Drag link wan2 to another tier" }).scrollIntoViewIfNeeded();
  await dragByMouse(page, page.getByRole("button", { name: "Drag link wan2 to another tier" }), page.locator('[data-testid="tier-group"][data-tier="2"]'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.locator('[data-testid="tier-group"][data-tier="2"]').locator('[data-link="wan2"]')).toHaveCount(1);
  await expect(linkByName(page, "wan2").getByLabel("Tier", { exact: true })).toHaveValue("2");
  await expect(linkByName(page, "wan1").getByTestId("link-share")).toHaveText("100 % of tier 1");
  await expect(page.getByTestId("draft-problem-count")).toHaveCount(0);
  await expect(page.getByTestId("policy-unsaved")).toBeVisible();
  await expectAccessible(page);
  await shots(page, testInfo, "policy-builder");

  await page.getByRole("button", { name: "Review & push" }).click();
  const review = page.getByRole("dialog", { name: `Review changes to ${NAME}` });
  await expect(review.getByTestId("review-changes")).toContainText("first policy: links wan1, wan2");
  await expect(review.getByTestId("review-plan")).toBeVisible({ timeout: 30_000 });
  await dismissNotices(page);
  await review.screenshot({ path: testInfo.outputPath("review-dialog.png") });
  await review.getByText("The exact device change").click();
  await expect(review.getByTestId("review-script")).toContainText("/routing table add");
  await screenshot(page, testInfo, "policy-review");
  await review.getByLabel("Why this change (kept in the history)").fill("e2e: dual WAN with wan2 standing by");
  await review.getByRole("button", { name: "Save and push" }).click();
  await expect(review.getByTestId("push-outcome")).toContainText("Push confirmed", { timeout: 90_000 });
  await review.getByRole("button", { name: "Close" }).click();
  await expect(review).toBeHidden();
  await expect(page.getByTestId("policy-unsaved")).toHaveCount(0);
  await expect(page.getByTestId("push-history").getByRole("row").filter({ hasText: "wan2 standing by" })).toContainText("confirmed");
});

test("[builder] a staged weight change reads as words in the review; leaving with staged edits asks first", async ({ page }, testInfo) => {
  await page.goto(policyUrl);
  await linkByName(page, "wan1").getByLabel("Weight", { exact: true }).fill("3");
  await expect(page.getByTestId("policy-unsaved")).toBeVisible();
  await page.getByRole("button", { name: "Review & push" }).click();
  const review = page.getByRole("dialog", { name: `Review changes to ${NAME}` });
  await expect(review.getByTestId("review-changes")).toContainText("link wan1 weight 1 → 3");
  await expect(review.getByTestId("review-changes").getByRole("listitem")).toHaveCount(1);
  await review.getByRole("button", { name: "Cancel" }).click();

  // The same draft as JSON ("Advanced") holds the staged weight.
  await page.getByRole("button", { name: "Advanced (JSON)" }).click();
  await expect(page.getByLabel("Intent (JSON)")).toHaveValue(/"weight": 3/);
  await screenshot(page, testInfo, "policy-advanced-json");

  // An in-app link asks in a dialog; staying keeps the edits.
  await page.getByRole("link", { name: "Devices", exact: true }).first().click();
  const leave = page.getByRole("dialog", { name: "Leave with unsaved edits?" });
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Stay on this page" }).click();
  await expect(page).toHaveURL(new RegExp(`${policyUrl}$`));
  await expect(page.getByTestId("policy-unsaved")).toBeVisible();
  // Reloading asks through the browser.
  dialogs.acceptNext();
  await page.reload();
  expect(dialogs.seen.splice(0)).toEqual([{ type: "beforeunload", message: "" }]);
  await expect(page.getByTestId("policy-unsaved")).toHaveCount(0);
});

test("[builder] the weight change saved and pushed (unchanged on the device); ?from=1 stages revision 1 again as a revert, reviewed against what runs", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(policyUrl);
  await linkByName(page, "wan1").getByLabel("Weight", { exact: true }).fill("3");
  await page.getByRole("button", { name: "Review & push" }).click();
  const review = page.getByRole("dialog", { name: `Review changes to ${NAME}` });
  await review.getByLabel("Why this change (kept in the history)").fill("e2e: wan1 weight 3");
  await expect(review.getByTestId("review-plan")).toBeVisible({ timeout: 30_000 });
  await review.getByRole("button", { name: "Save and push" }).click();
  // wan1 is alone in tier 1, so its weight changes no rule: the device already runs this plan, and says so.
  await expect(review.getByTestId("push-outcome")).toContainText("Push unchanged: the device already had this plan", { timeout: 90_000 });
  await review.getByRole("button", { name: "Close" }).click();

  await page.goto(`${policyUrl}?from=1`);
  await expect(page.getByTestId("revert-notice")).toHaveText("Reverting to revision 1: review the changes and push.");
  await expect(linkByName(page, "wan1").getByLabel("Weight", { exact: true })).toHaveValue("1");
  await expect(page.getByTestId("policy-unsaved")).toBeVisible();
  await page.getByRole("button", { name: "Review & push" }).click();
  await expect(review.getByTestId("review-changes")).toContainText("link wan1 weight 3 → 1");
  await review.getByRole("button", { name: "Cancel" }).click();
  await dismissNotices(page);
  await screenshot(page, testInfo, "policy-revert");
  await page.getByRole("button", { name: "Discard edits" }).click();
  await expect(page.getByTestId("revert-notice")).toHaveCount(0);
  await expect(linkByName(page, "wan1").getByLabel("Weight", { exact: true })).toHaveValue("3");
});

test("[builder] a viewer sees the builder and can change nothing", async ({ browser }) => {
  const context = await browser.newContext({ storageState: await VIEWER.storageState() });
  const page = await context.newPage();
  try {
    await page.goto(policyUrl);
    await hydrated(page);
    await expect(linkByName(page, "wan1").getByLabel("Weight", { exact: true })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Review & push" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add link" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Drag / })).toHaveCount(0);
  } finally {
    await context.close();
  }
});
