// Roles: an admin of this spec's own creates a viewer through the Users page; the viewer can look but not change
// anything, in the UI and at the API (a same-origin POST carrying the viewer's own valid CSRF token is still refused).
import { request } from "@playwright/test";
import { expect, test } from "./fixtures";
import { newAccount, seededUser } from "./seed";
import { BASE_URL, csrfToken, dismissNotices, labDetails, screenshot, signIn } from "./support";

// The viewer is created by the first test, through the page: the second one signs in as it.
test.describe.configure({ mode: "serial" });

const ADMIN = seededUser("02-rbac", "admin");
const VIEWER = newAccount("02-rbac-viewer", "viewer");

test.describe("as admin", () => {
  test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });

  test("[rbac] admin creates a viewer on the Users page", async ({ page }, testInfo) => {
    await page.goto("/users");
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create user" }) });
    await form.getByLabel("Username").fill(VIEWER.username);
    await form.getByLabel("Initial password").fill(VIEWER.password);
    await form.getByLabel("Role").selectOption("viewer");
    await form.getByRole("button", { name: "Create user" }).click();

    await expect(page.getByRole("status").filter({ hasText: "User created" })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: VIEWER.username });
    await expect(row).toHaveCount(1);
    await expect(row.getByLabel(`Role of ${VIEWER.username}`)).toHaveValue("viewer");
    await expect(form.getByLabel("Username")).toHaveValue("");
    await dismissNotices(page);
    await screenshot(page, testInfo, "users");
  });
});

test.describe("as viewer", () => {
  test("[rbac] a viewer sees no write controls and its direct API write gets 403", async ({ page }) => {
    await signIn(page, VIEWER);
    await expect(page.getByTestId("current-user")).toHaveText(`${VIEWER.username} viewer`);
    await expect(page.getByRole("heading", { name: "Devices" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Add device" })).toHaveCount(0);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Devices" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);

    await page.goto("/devices/new");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expect(page.getByText("This page needs the admin role.")).toBeVisible();
    await expect(page.locator("form")).toHaveCount(0);

    await page.goto("/users");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();

    // A well-formed request from the viewer's own page, exactly as the dashboard's forms send it.
    const lab = labDetails();
    const name = `${VIEWER.username} was here`;
    const token = await csrfToken(page);
    const reply = await page.evaluate(
      async ({ token, body }) => {
        const response = await fetch("/api/v1/devices", {
          method: "POST",
          headers: { "content-type": "application/json", "x-csrf-token": token },
          body: JSON.stringify(body),
          credentials: "same-origin",
        });
        return { status: response.status, json: (await response.json()) as unknown };
      },
      {
        token,
        body: { kind: "linux", name, host: lab.host, port: lab.port, username: lab.username, auth: { method: "password", password: lab.password } },
      },
    );
    expect(reply.status).toBe(403);
    expect(reply.json).toMatchObject({ error: { code: "forbidden" } });

    // Nothing was created.
    const admin = await request.newContext({ baseURL: BASE_URL, storageState: await ADMIN.storageState() });
    try {
      const list = await admin.get("/api/v1/devices");
      expect(list.status()).toBe(200);
      expect(JSON.stringify(await list.json())).not.toContain(name);
    } finally {
      await admin.dispose();
    }
  });
});
