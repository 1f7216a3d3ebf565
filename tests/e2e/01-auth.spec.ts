// Signing in and out, as an admin of this spec's own. Each test signs in on its own session through the form.
import { expect, test } from "./fixtures";
import { seededUser } from "./seed";
import { screenshot, signIn } from "./support";

const ACCOUNT = seededUser("01-auth", "admin");

test("[auth] a signed-out visit goes to /login, and a wrong password shows an error", async ({ page }, testInfo) => {
  await page.goto("/devices");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await screenshot(page, testInfo, "login");

  const { username, password } = await ACCOUNT.account();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(`${password}-wrong`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "wrong username or password" })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);
});

test("[auth] sign in, sign out, and the old session is gone", async ({ page }) => {
  await signIn(page, await ACCOUNT.account());
  const status = await page.request.get("/api/v1/auth/status");
  expect(await status.json()).toMatchObject({ needsSetup: false, user: { username: ACCOUNT.username, role: "admin" } });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await page.goto("/devices");
  await expect(page).toHaveURL(/\/login$/);
  const after = await page.request.get("/api/v1/auth/status");
  expect(await after.json()).toMatchObject({ needsSetup: false, user: null });
});
