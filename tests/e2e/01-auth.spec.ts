// Signing in and out with the admin created by first-run.setup.ts. Each test signs in on its own session, so
// signing out here never revokes the stored admin session the other specs use.
import { expect, test } from "@playwright/test";
import { ADMIN, screenshot, signIn } from "./support";

test("[auth] a signed-out visit goes to /login, and a wrong password shows an error", async ({ page }, testInfo) => {
  await page.goto("/devices");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await screenshot(page, testInfo, "login");

  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill(`${ADMIN.password}-wrong`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "wrong username or password" })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);
});

test("[auth] sign in, sign out, and the old session is gone", async ({ page }) => {
  await signIn(page, ADMIN);
  const status = await page.request.get("/api/v1/auth/status");
  expect(await status.json()).toMatchObject({ needsSetup: false, user: { username: ADMIN.username, role: "admin" } });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await page.goto("/devices");
  await expect(page).toHaveURL(/\/login$/);
  const after = await page.request.get("/api/v1/auth/status");
  expect(await after.json()).toMatchObject({ needsSetup: false, user: null });
});
