// Runs first, on the brand-new database: the first visit must lead to /setup, and the admin created there
// signs straight in. The dashboard specs then seed their own users as this admin (seed.ts).
import { expect, test } from "./fixtures";
import { ADMIN, screenshot } from "./support";

test("[auth] first visit redirects to /setup; creating the admin lands on /devices", async ({ page }, testInfo) => {
  const status = await page.request.get("/api/v1/auth/status");
  expect(status.status()).toBe(200);
  expect(await status.json()).toMatchObject({ needsSetup: true, user: null });

  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the admin account" })).toBeVisible();
  await screenshot(page, testInfo, "setup");

  // The sign-in page is no way around it while there are no users.
  await page.goto("/login");
  await expect(page).toHaveURL(/\/setup$/);

  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Repeat password").fill(`${ADMIN.password}-typo`);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page.getByText("the passwords differ")).toBeVisible();
  await expect(page).toHaveURL(/\/setup$/);

  await page.getByLabel("Repeat password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page).toHaveURL(/\/devices$/);
  await expect(page.getByRole("heading", { name: "Devices" })).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveText(`${ADMIN.username} admin`);
  await expect(page.getByText("No devices yet")).toBeVisible();

  // Setup is closed for good: the page sends a signed-in admin on, and the API refuses a second admin.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/devices$/);
  const again = await page.request.post("/api/v1/auth/setup", {
    headers: { "x-csrf-token": "x" },
    data: { username: "intruder", password: "intruder password 1" },
  });
  expect(again.status()).toBe(409);
});
