// The admin pages not covered elsewhere: each renders for an admin of this spec's own, with a screenshot kept as an
// artifact. The tests share nothing but that admin, so they may run in any order and in different workers.
import { expect, test } from "./fixtures";
import { seededUser, uniqueName } from "./seed";
import { screenshot } from "./support";

const ADMIN = seededUser("05-pages", "admin");
test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });

test("[pages] API tokens: create one and see it once", async ({ page }, testInfo) => {
  const name = `${uniqueName("05-pages")} monitoring`;
  await page.goto("/tokens");
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await page.getByLabel("Name (what uses it)").fill(name);
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByLabel("Expires in days (optional)").fill("30");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toHaveText(/^wmk_\S+$/);
  const token = (await page.getByTestId("new-token").textContent()) ?? "";
  const row = page.getByRole("row").filter({ hasText: name });
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
  const forgedName = uniqueName("05-forged-xff");
  const forged = await page.request.post("/api/v1/auth/login", {
    headers: { "x-csrf-token": "x", "x-forwarded-for": "203.0.113.9" },
    data: { username: forgedName, password: "not the password" },
  });
  expect(forged.status()).toBe(401);

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  // Seeding this spec's admin left its creation by the first-run admin.
  const created = page.getByRole("row").filter({ hasText: "user.create" }).filter({ hasText: ADMIN.username });
  await expect(created.getByRole("cell", { name: "ok", exact: true })).toHaveCount(1);
  const row = page.getByRole("row").filter({ hasText: forgedName });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell", { name: "denied", exact: true })).toBeVisible();
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
