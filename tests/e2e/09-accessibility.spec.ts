// Every page against axe-core (WCAG 2.0/2.1 A and AA), in the light and the dark theme (the system setting, as
// the browser reports it) and at 1280 and 390 px wide, failing on any serious or critical violation; each page's
// title; and the keyboard: the skip link goes to the content, Tab reaches the navigation, which collapses into a
// disclosure button at 390 px. Screenshots in dark and at 390 px are kept for a person to look at.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { seededUser } from "./seed";
import { dashboardScreens, seedDevices, type SeededDevices } from "./screens";
import { screenshot } from "./support";

const ADMIN = seededUser("09-a11y", "admin");

const MODES = [
  { label: "light", colorScheme: "light", width: 1280 },
  { label: "dark", colorScheme: "dark", width: 1280 },
  { label: "light-390", colorScheme: "light", width: 390 },
  { label: "dark-390", colorScheme: "dark", width: 390 },
] as const;

/** The violations that fail a page, one line each, so a failure says what to fix and where. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) =>
      violation.nodes.map((node) => `${violation.impact} ${violation.id} (${violation.help}) at ${node.target.join(" ")}: ${node.failureSummary ?? ""}`),
    );
}

/** Checks the loaded page in every mode; the screenshots are named after the page and the mode. */
async function checkEveryMode(page: Page, testInfo: Parameters<Parameters<typeof test>[2]>[1], name: string): Promise<void> {
  for (const mode of MODES) {
    await page.setViewportSize({ width: mode.width, height: 800 });
    await page.emulateMedia({ colorScheme: mode.colorScheme });
    expect(await seriousViolations(page), `${name}, ${mode.label}`).toEqual([]);
    if (mode.label !== "light") await screenshot(page, testInfo, `a11y ${name} ${mode.label}`.replace(/\W+/g, "-"));
  }
}

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("[a11y] sign-in page", async ({ page }, testInfo) => {
    await page.goto("/login");
    await expect(page).toHaveTitle("Sign in · Waymark");
    await checkEveryMode(page, testInfo, "login");
  });
});

test.describe("signed in", () => {
  test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });

  let seeded: Promise<SeededDevices> | undefined;
  const devices = () => (seeded ??= seedDevices("09-a11y"));
  test.afterAll(async () => {
    (await seeded?.catch(() => undefined))?.sim.stop();
  });

  const PLACEHOLDER = { id: "x", name: "x" };
  for (const { name } of dashboardScreens({ routeros: PLACEHOLDER, linux: PLACEHOLDER })) {
    test(`[a11y] ${name}`, async ({ page }, testInfo) => {
      const screen = dashboardScreens(await devices()).find((s) => s.name === name);
      if (!screen) throw new Error(`no screen ${name}`);
      const response = await page.goto(screen.path);
      expect(response?.status(), `${screen.path} answers`).toBe(200);
      await expect(page).toHaveTitle(screen.title);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await checkEveryMode(page, testInfo, name);
    });
  }

  test("[a11y] a previewed plan: the script reads as a terminal in both themes", async ({ page }, testInfo) => {
    const { routeros } = await devices();
    await page.goto(`/devices/${routeros.id}/policy`);
    await page.getByRole("button", { name: "Preview plan" }).click();
    await expect(page.getByTestId("plan-script")).toContainText("/routing table add");
    await checkEveryMode(page, testInfo, "plan preview");
    await page.emulateMedia({ colorScheme: "dark" });
    const file = testInfo.outputPath("plan-script-dark.png");
    await page.getByRole("region", { name: "Plan script" }).screenshot({ path: file });
    await testInfo.attach("plan script, dark", { path: file, contentType: "image/png" });
  });

  test("[a11y] keyboard: the skip link goes to the content and Tab reaches the navigation", async ({ page }) => {
    await page.goto("/devices");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();

    await page.goto("/devices");
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Fleet", "Devices", "History", "Users", "API tokens", "Audit log"])
      await expect(nav.getByRole("link", { name, exact: true })).toHaveCount(1);
    const devicesLink = nav.getByRole("link", { name: "Devices", exact: true });
    for (let i = 0; i < 6 && !(await devicesLink.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    await expect(devicesLink).toBeFocused();
    // Focus is visible: an outline the page draws, not the browser's default that some resets remove.
    expect(await devicesLink.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");
  });

  test("[a11y] at 390 px the navigation collapses into a menu button that the keyboard opens and closes", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto("/devices");
    const nav = page.getByRole("navigation", { name: "Main" });
    const menu = nav.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav.getByRole("link", { name: "Users" })).toBeHidden();
    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(nav.getByRole("link", { name: "Users" })).toBeVisible();
    await screenshot(page, testInfo, "a11y-menu-open-390");
    await page.keyboard.press("Escape");
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();
    // No page scrolls sideways at 390 px: wide tables scroll inside their own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
