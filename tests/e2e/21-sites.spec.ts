// Sites through the UI: a shared-VIP site created with the form (validation in words by each field, MikroTik
// routers offered but refused with the reason, detection times following the values), every member's plan
// previewed, the site page (members, live view, preview and push with each device's progress and the site's
// outcome, push history), the anycast form's own checks, a keyboard-only run of the form, and deleting a site.
// The member devices are Linux devices on loopback ports nothing listens on: the preview compiles them offline and
// says why, and a push ends with each device's reason; the vip and anycast labs drive real pushes elsewhere.
import { randomBytes, randomInt } from "node:crypto";
import type { Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { asSeedingAdmin, seededUser, uniqueName } from "./seed";
import { DialogWatcher, screenshot } from "./support";

test.describe.configure({ mode: "serial" });

const OPERATOR = seededUser("21-sites", "operator");
test.use({ storageState: async ({}, use) => use(await OPERATOR.storageState()) });

type Device = { id: string; name: string };
let linux: Device[] = [];
let router: Device;
/** A site's page (not /sites/new, where the form is). */
const SITE_PAGE = /\/sites\/(?!new$)[^/]+$/;
let siteUrl = "";
let anycastUrl = "";
const ANYCAST = `any-${randomBytes(3).toString("hex")}`;
const SITE = `web-${randomBytes(3).toString("hex")}`;
let dialogs: DialogWatcher;

/** Eight Linux devices (a device is a node of one shared VIP per heartbeat port) and a MikroTik router, none answering (loopback ports Linux never hands out). */
async function seedDevices(): Promise<void> {
  const port = () => 20_000 + randomInt(10_000);
  await asSeedingAdmin(async (api, csrf) => {
    const headers = { "x-csrf-token": csrf };
    const create = async (data: Record<string, unknown>): Promise<Device> => {
      const reply = await api.post("/api/v1/devices", { headers, data });
      expect(reply.status(), await reply.text()).toBe(201);
      return { id: ((await reply.json()) as { id: string }).id, name: data.name as string };
    };
    const prefix = uniqueName("21-sites");
    linux = [];
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) {
      linux.push(
        await create({
          kind: "linux",
          name: `${prefix} web-${n}`,
          host: "127.0.0.1",
          port: port(),
          username: "root",
          auth: { method: "password", password: "x" },
        }),
      );
    }
    router = await create({ kind: "routeros", name: `${prefix} mikrotik`, host: "127.0.0.1", port: port(), username: "admin", password: "x" });
  });
}

test.beforeAll(seedDevices);

test.beforeEach(({ page }) => {
  dialogs = new DialogWatcher(page);
});

test.afterEach(() => {
  expect(dialogs.seen).toEqual([]);
});

/** Screenshots at 1280 and 390 px, light and dark; the page is left at 1280 px, light. */
async function everyMode(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const [width, scheme] of [
    [1280, "light"],
    [1280, "dark"],
    [390, "light"],
    [390, "dark"],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    // Nothing wider than the screen but the scroll boxes made for it.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width} px overflows`).toBeLessThanOrEqual(0);
    await screenshot(page, testInfo, `sites-${name}-${width}-${scheme}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: "light" });
}

/** Adds a node and fills it in (the last node card). */
async function addNode(page: Page, device: Device, address: string): Promise<void> {
  await page.getByRole("button", { name: "Add node" }).click();
  const card = page.getByTestId("site-node").last();
  await card.getByLabel("Device", { exact: true }).selectOption({ label: device.name });
  await card.getByLabel("Interface", { exact: true }).fill("eth1");
  await card.getByLabel("Node address", { exact: true }).fill(address);
}

test("a shared-VIP site through the form: issues by their fields, devices, detection time, JSON, preview, create", async ({ page }, testInfo) => {
  await page.goto("/sites");
  await expect(page).toHaveTitle("Sites · Waymark");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sites", exact: true })).toBeVisible();
  await page.goto("/sites/new");
  await expect(page).toHaveTitle("New site · Waymark");
  await expect(page.getByRole("heading", { level: 1, name: "New site" })).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill("Web 1");
  await page.getByLabel("Virtual IP", { exact: true }).fill("10.0.0.300");
  await page.getByLabel("Virtual IP", { exact: true }).blur();
  await expect(page.getByText("an IPv4 address such as 192.0.2.1")).toBeVisible();
  await expect(page.getByText("lower-case letters, digits and -, starting with a letter")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(SITE);
  await page.getByLabel("Virtual IP", { exact: true }).fill("10.0.0.10");
  await expect(page.getByText("an IPv4 address such as 192.0.2.1")).toHaveCount(0);

  // The detection time follows the heartbeat's values as they are typed.
  await expect(page.getByTestId("heartbeat-detection")).toContainText("after about 300 ms (3 heartbeats of 100 ms unheard)");
  await page.getByLabel("Every (ms)", { exact: true }).first().fill("200");
  await page.getByLabel("Dead after (heartbeats unheard)", { exact: true }).fill("5");
  await expect(page.getByTestId("heartbeat-detection")).toContainText("after about 1 s (5 heartbeats of 200 ms unheard)");
  await page.getByLabel("Which node answers a client", { exact: true }).selectOption("source-port");
  await expect(page.getByText("Each connection is placed on its own")).toBeVisible();

  // A site of one node is refused by the list's own issue; the MikroTik router is offered but cannot be chosen.
  await addNode(page, linux[0]!, "10.0.0.11");
  await page.getByRole("button", { name: "Preview plans" }).click();
  await expect(page.getByText("at least two nodes")).toBeVisible();
  const routerOption = page.getByTestId("site-node").first().getByLabel("Device", { exact: true }).locator("option", { hasText: router.name });
  await expect(routerOption).toBeDisabled();
  await expect(routerOption).toContainText("not possible: a MikroTik router");

  await addNode(page, linux[1]!, "10.0.0.12");
  await addNode(page, linux[2]!, "10.0.0.11");
  await expect(page.getByText("two nodes have address 10.0.0.11")).toBeVisible();
  await page.getByTestId("site-node").last().getByLabel("Node address", { exact: true }).fill("10.0.0.13");
  await expect(page.getByTestId("site-node").last().getByRole("heading")).toContainText("Node 3");

  // The JSON view is the same intent.
  await page.getByRole("button", { name: "Advanced: JSON" }).click();
  await expect(page.getByLabel("The site's intent as JSON", { exact: true })).toHaveValue(/"vip": "10.0.0.10"/);
  await expect(page.getByText("The intent is valid.")).toBeVisible();
  await page.getByRole("button", { name: "Form", exact: true }).click();

  // Nothing answers on those devices: each node's plan is compiled offline, and says so.
  await page.getByRole("button", { name: "Preview plans" }).click();
  await expect(page.getByTestId("member-plan")).toHaveCount(3, { timeout: 60_000 });
  await expect(page.getByTestId("member-offline").first()).toContainText("Compiled without asking the device");
  await expect(page.getByTestId("site-meaning")).toBeVisible();
  await everyMode(page, testInfo, "new-vip-form-preview");

  await page.getByRole("button", { name: "Create site" }).click();
  await expect(page).toHaveURL(SITE_PAGE);
  siteUrl = new URL(page.url()).pathname;
  await expect(page).toHaveTitle(`${SITE} · Site · Waymark`);
});

test("an anycast site through the form: edge, servers, private AS numbers suggested, the edge's AS refused, every plan previewed, create", async ({
  page,
}, testInfo) => {
  await page.goto("/sites/new");
  await page.getByLabel("Name", { exact: true }).fill(ANYCAST);
  await page.getByRole("radio", { name: /BGP anycast/ }).check();
  await page.getByLabel("Service address", { exact: true }).fill("198.51.100.80");
  await expect(page.getByTestId("bfd-detection")).toContainText("after 300 ms (3 × 100 ms)");
  await page.getByLabel("BFD interval (ms)", { exact: true }).fill("50");
  await expect(page.getByTestId("bfd-detection")).toContainText("after 150 ms (3 × 50 ms)");
  await page.getByRole("button", { name: "Choose the edge router" }).click();
  await page.getByTestId("site-edge").getByLabel("Device", { exact: true }).selectOption({ label: linux[3]!.name });
  await page.getByRole("button", { name: "Add server" }).click();
  const server = page.getByTestId("site-server").first();
  await expect(server.getByLabel("AS number", { exact: true })).toHaveValue("65001");
  await server.getByLabel("Device", { exact: true }).selectOption({ label: linux[0]!.name });
  await server.getByLabel("Interface", { exact: true }).fill("eth1");
  await server.getByLabel("Server address", { exact: true }).fill("10.1.0.2");
  await server.getByLabel("Edge address", { exact: true }).fill("10.1.0.1");
  await server.getByLabel("AS number", { exact: true }).fill("65000");
  await page.getByRole("button", { name: "Preview plans" }).click();
  await expect(server.getByText(/uses the edge's AS number 65000; servers peer over eBGP/)).toBeVisible();
  await server.getByLabel("AS number", { exact: true }).fill("65001");
  await expect(server.getByText(/uses the edge's AS number/)).toHaveCount(0);
  await page.getByRole("button", { name: "Add server" }).click();
  const standby = page.getByTestId("site-server").nth(1);
  await expect(standby.getByLabel("AS number", { exact: true })).toHaveValue("65002");
  await standby.getByLabel("Device", { exact: true }).selectOption({ label: linux[1]!.name });
  await standby.getByLabel("Interface", { exact: true }).fill("eth1");
  await standby.getByLabel("Server address", { exact: true }).fill("10.2.0.2");
  await standby.getByLabel("Edge address", { exact: true }).fill("10.2.0.1");
  await standby.getByLabel("Takes traffic", { exact: true }).selectOption("standby");
  await page.getByRole("button", { name: "Preview plans" }).click();
  // Nothing answers on those devices: each plan is compiled offline, and says so.
  await expect(page.getByTestId("member-plan")).toHaveCount(3, { timeout: 60_000 });
  await expect(page.getByTestId("member-offline").first()).toContainText("Compiled without asking the device");
  await expect(page.getByTestId("site-preview-summary")).toContainText("3 devices");
  await expect(page.getByTestId("member-file").first()).not.toBeEmpty();
  await everyMode(page, testInfo, "anycast-form-preview");
  await page.getByRole("button", { name: "Create site" }).click();
  await expect(page).toHaveURL(SITE_PAGE);
  anycastUrl = new URL(page.url()).pathname;
  await expect(page).toHaveTitle(`${ANYCAST} · Site · Waymark`);
});

test("the site page: members, live, preview and push with each device's outcome, history", async ({ page }, testInfo) => {
  await page.goto(siteUrl);
  await expect(page.getByRole("heading", { level: 1, name: SITE })).toBeVisible();
  await expect(page.getByTestId("site-member")).toHaveCount(3);
  await page.goto("/sites");
  await expect(page.getByTestId("site-row").filter({ hasText: SITE })).toContainText("Shared virtual IP");
  await expect(page.getByTestId("site-row").filter({ hasText: ANYCAST })).toContainText("BGP anycast");
  await everyMode(page, testInfo, "list");
  await page.goto(anycastUrl);
  await expect(page.getByRole("heading", { level: 1, name: ANYCAST })).toBeVisible();
  await expect(page.getByTestId("site-member")).toHaveCount(3);
  await expect(page.getByTestId("member-applied").first()).toContainText("not on the device");
  await expect(page.getByTestId("site-live-status")).toBeVisible();
  await expect(page.getByText("This site was never pushed.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Take off devices" })).toBeDisabled();

  await page.getByRole("button", { name: "Preview and push" }).click();
  await expect(page.getByTestId("member-plan")).toHaveCount(3, { timeout: 60_000 });
  await page.getByLabel("Reason", { exact: true }).fill("e2e: first push of the site");
  await page.getByRole("button", { name: "Push to 3 devices" }).click();
  const outcome = page.getByTestId("site-push-outcome");
  await expect(page.getByTestId("site-push-progress").first()).toBeVisible();
  // Nothing answers on those ports: every device ends with its reason, none confirmed.
  await expect(page.getByTestId("site-push-progress").first()).not.toHaveAttribute("data-status", "running", { timeout: 90_000 });
  await expect(outcome.first()).not.toContainText("running");
  for (const member of await page.getByTestId("member-push").all()) await expect(member).not.toHaveAttribute("data-status", "confirmed");
  await expect(page.getByTestId("site-push")).toHaveCount(1);
  await everyMode(page, testInfo, "site-page-pushed");
});

test("the form by keyboard alone, with visible focus", async ({ page }) => {
  await page.goto("/sites/new");
  const name = `kb-${randomBytes(3).toString("hex")}`;
  /** Tabs forward until the control has focus (at most 60 presses), checking each stop shows its focus. */
  const tabTo = async (label: string | RegExp, role: "textbox" | "button" | "combobox" | "spinbutton" = "textbox", nth = 0) => {
    const target = page.getByRole(role, { name: label, exact: typeof label === "string" }).nth(nth);
    for (let i = 0; i < 60; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) {
        const outline = await target.evaluate((el) => getComputedStyle(el).outlineStyle !== "none" || getComputedStyle(el).boxShadow !== "none");
        expect(outline, `focus on ${String(label)} is visible`).toBe(true);
        return;
      }
      await page.keyboard.press("Tab");
    }
    throw new Error(`${String(label)} never took focus by Tab`);
  };
  await tabTo("Name");
  await page.keyboard.type(name);
  await tabTo("Virtual IP");
  await page.keyboard.type("10.0.1.10");
  for (const [n, device] of [linux[4]!, linux[5]!].entries()) {
    await tabTo("Add node", "button");
    await page.keyboard.press("Enter");
    await tabTo("Device", "combobox", n);
    // Arrow down to the device: the list holds every device the whole run has seeded, so go as far as it is long.
    const select = page.getByRole("combobox", { name: "Device", exact: true }).nth(n);
    const options = await select.locator("option").count();
    for (let i = 0; i < options && (await select.inputValue()) !== device.id; i++) await page.keyboard.press("ArrowDown");
    await expect(select).toHaveValue(device.id);
    await tabTo("Interface", "textbox", n);
    await page.keyboard.type("eth1");
    await tabTo("Node address", "textbox", n);
    await page.keyboard.type(`10.0.1.${11 + n}`);
  }
  await tabTo("Create site", "button");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(SITE_PAGE);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
});

test("deleting a site that is on no device", async ({ page }) => {
  await page.goto("/sites/new");
  const name = `del-${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Virtual IP", { exact: true }).fill("10.0.2.10");
  await addNode(page, linux[6]!, "10.0.2.11");
  await addNode(page, linux[7]!, "10.0.2.12");
  await page.getByRole("button", { name: "Create site" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("button", { name: "Delete site" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete site ${name}?` });
  await dialog.getByRole("button", { name: "Delete site" }).click();
  await expect(page).toHaveURL(/\/sites$/);
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
});
