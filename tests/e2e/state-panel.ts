// Reading the device overview's live-state panel and the Policy tab's push steps, shared by the load-balancing specs.
import { expect, type Locator, type Page } from "@playwright/test";

export const liveStateHeading = (page: Page) => page.getByRole("heading", { name: "Live state", exact: true });

export function linkRow(page: Page, link: string): Locator {
  return page.getByTestId("device-links").locator(`tr[data-link="${link}"]`);
}

/** A rule's row, by what it does in the admin's words (a string for the whole text, or a pattern). */
export function ruleRow(page: Page, what: string | RegExp): Locator {
  return page
    .getByTestId("device-rules")
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: what, exact: typeof what === "string" }) });
}

/** Digits of a counter cell as a number ("1,234" → 1234); NaN for "—". */
const count = (text: string | null): number => (/\d/.test(text ?? "") ? Number((text ?? "").replace(/[^\d]/g, "")) : Number.NaN);

export async function rulePackets(page: Page, what: string | RegExp): Promise<number> {
  return count(await ruleRow(page, what).locator('[data-column="packets"]').textContent());
}

/** New connections given to a link so far (the link table's cumulative count). */
export async function linkNewConnections(page: Page, link: string): Promise<number> {
  return count(await linkRow(page, link).locator('[data-column="new-connections"]').textContent());
}

/** A link's live share of new connections, in percent (NaN while there is none). */
export async function liveShare(page: Page, link: string): Promise<number> {
  const text = (await linkRow(page, link).locator('[data-column="live-share"]').textContent()) ?? "";
  return /\d/.test(text) ? Number.parseFloat(text) : Number.NaN;
}

export async function expectLinkUp(page: Page, link: string, timeout = 15_000): Promise<void> {
  await expect(linkRow(page, link).locator('[data-column="state"]')).toHaveText("up", { timeout });
}

/** Every step of a push appeared once, none failed, and the named ones ended done. */
export async function expectStepsDone(page: Page, steps: string[]): Promise<void> {
  const list = page.getByTestId("push-steps");
  for (const step of steps) {
    await expect(list.locator(`li[data-step="${step}"]`)).toHaveCount(1);
    await expect(list.locator(`li[data-step="${step}"]`)).toHaveAttribute("data-status", "ok");
  }
  await expect(list.locator('li[data-status="failed"]')).toHaveCount(0);
  const names = await list.locator("li[data-step]").evaluateAll((items) => items.map((i) => i.getAttribute("data-step")));
  expect(new Set(names).size, names.join(", ")).toBe(names.length);
}

/** The device's Policy tab with the intent as JSON (the "Advanced" view of the staged draft). */
export async function openPolicyJson(page: Page, deviceUrl: string): Promise<Locator> {
  await page.goto(`${deviceUrl}/policy`);
  await expect(page.getByRole("heading", { name: "Load-balancing policy", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Advanced (JSON)" }).click();
  return page.getByLabel("Intent (JSON)");
}
