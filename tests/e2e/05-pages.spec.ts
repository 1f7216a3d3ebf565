// The admin pages not covered elsewhere: each renders for the admin, with a screenshot kept as an artifact.
import { expect, test } from "@playwright/test";
import { ADMIN, ADMIN_STATE, screenshot } from "./support";

test.use({ storageState: ADMIN_STATE });

test("[pages] API tokens: create one and see it once", async ({ page }, testInfo) => {
  await page.goto("/tokens");
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await page.getByLabel("Name (what uses it)").fill("e2e monitoring");
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByLabel("Expires in days (optional)").fill("30");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toHaveText(/^wmk_\S+$/);
  const token = (await page.getByTestId("new-token").textContent()) ?? "";
  const row = page.getByRole("row").filter({ hasText: "e2e monitoring" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("viewer");
  await expect(row).not.toContainText(token);
  await screenshot(page, testInfo, "tokens");

  // The token works as a bearer credential for reads, with the viewer role.
  const status = await page.request.get("/api/v1/auth/status", { headers: { authorization: `Bearer ${token}` } });
  expect(await status.json()).toMatchObject({ user: { username: ADMIN.username, role: "viewer" } });
});

test("[pages] audit log lists what happened, with the real peer address", async ({ page }, testInfo) => {
  // A client cannot choose the address the audit log records by sending its own X-Forwarded-For.
  const forged = await page.request.post("/api/v1/auth/login", {
    headers: { "x-csrf-token": "x", "x-forwarded-for": "203.0.113.9" },
    data: { username: "forged.xff", password: "not the password" },
  });
  expect(forged.status()).toBe(401);

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  expect(await page.getByRole("row").count()).toBeGreaterThan(5);
  await expect(page.getByRole("cell", { name: "denied" }).first()).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "forged.xff" });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell", { name: "127.0.0.1", exact: true })).toBeVisible();
  await expect(page.getByText("203.0.113.9")).toHaveCount(0);
  await screenshot(page, testInfo, "audit");
});

test("[pages] account page shows who is signed in", async ({ page }, testInfo) => {
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${ADMIN.username} with the admin role.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Change password" })).toBeVisible();
  await screenshot(page, testInfo, "account");
});
