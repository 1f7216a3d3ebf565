// A Linux gateway's life cycle through the UI, against the real OpenSSH server the gateway lab runs in its own
// network namespace: add (password auth), test the connection (host key pinned, identity read), edit, delete. No other
// spec adds a device at the lab's address (one device per host and port), so this one may run beside any other.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { seededUser } from "./seed";
import { dismissNotices, labDetails, screenshot } from "./support";

// One device, added by the first test and deleted by the last.
test.describe.configure({ mode: "serial" });

const ADMIN = seededUser("03-devices", "admin");
test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });

const NAME = "03-devices lab gateway";
const RENAMED = "03-devices lab gateway (renamed)";
const COMMENT = "Uplink A\nrack 3";

let deviceUrl = "";

/** What the gateway should report: it shares this machine's kernel and filesystem, only its UTS namespace differs. */
function expectedIdentity() {
  const osRelease = readFileSync("/etc/os-release", "utf8");
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? "Linux";
  const machine = execFileSync("uname", ["-m"], { encoding: "utf8" }).trim();
  const kernel = execFileSync("uname", ["-r"], { encoding: "utf8" }).trim();
  return { model: machine, version: `${pretty}, kernel ${kernel}` };
}

async function deviceId(page: Page): Promise<string> {
  const id = /\/devices\/([^/]+)$/.exec(new URL(page.url()).pathname)?.[1];
  if (!id) throw new Error(`not on a device page: ${page.url()}`);
  return id;
}

test("[devices] add a Linux gateway through the form (password auth)", async ({ page }, testInfo) => {
  const lab = labDetails();
  await page.goto("/devices");
  await page.getByRole("link", { name: "Add device" }).click();
  await expect(page).toHaveURL(/\/devices\/new$/);
  await expect(page.getByRole("heading", { name: "Add device" })).toBeVisible();
  await expect(page.getByLabel("Linux gateway (SSH)")).toBeChecked();
  await expect(page.getByRole("radio", { name: "Password" })).toBeChecked();
  await screenshot(page, testInfo, "device-new");

  // The key fields appear with the "Private key" choice and go away again.
  await page.getByRole("radio", { name: "Private key" }).check();
  await expect(page.getByLabel("Key passphrase (optional)")).toBeVisible();
  await page.getByRole("radio", { name: "Password" }).check();
  await expect(page.getByLabel("Key passphrase (optional)")).toHaveCount(0);

  await page.getByLabel("Linux gateway (SSH)").check();
  await page.getByLabel("Name", { exact: true }).fill(NAME);
  await page.getByLabel("Host (address or DNS name)").fill(lab.host);
  await page.getByLabel("Port", { exact: true }).fill(String(lab.port));
  await page.getByLabel("User", { exact: true }).fill(lab.username);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(lab.password);
  await page.getByRole("textbox", { name: "Comment", exact: true }).fill("first comment");
  await page.getByRole("button", { name: "Add device" }).click();

  await expect(page).toHaveURL(/\/devices\/(?!new$)[^/]+$/);
  await expect(page.getByTestId("device-name")).toHaveText(NAME);
  await expect(page.getByTestId("connection-status")).toHaveText("not checked");
  await expect(page.getByText("Not pinned yet")).toBeVisible();
  await expect(page.getByTestId("host-key")).toHaveCount(0);
  await expect(page.getByText(`${lab.host}:${lab.port}`)).toBeVisible();
  deviceUrl = new URL(page.url()).pathname;
});

test("[devices] Test connection reaches the gateway, pins its host key and reads its identity", async ({ page }, testInfo) => {
  const lab = labDetails();
  const expected = expectedIdentity();
  await page.goto(deviceUrl);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reachable" })).toBeVisible();
  await expect(page.getByTestId("connection-status")).toHaveText("reachable");
  await expect(page.getByTestId("host-key")).toHaveText(`ssh-ed25519 ${lab.hostKeyFingerprint}`);
  await expect(page.getByTestId("device-identity")).toHaveText(lab.hostname);
  await expect(page.getByTestId("device-model")).toHaveText(expected.model);
  await expect(page.getByTestId("device-version")).toHaveText(expected.version);
  await expect(page.getByRole("button", { name: "Test connection" })).toBeEnabled();
  // At phone width the long fingerprint wraps instead of widening the page.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, testInfo, "03-overview-390");
  await page.setViewportSize({ width: 1280, height: 800 });

  // The API agrees with the page.
  const reply = await page.request.get(`/api/v1/devices/${await deviceId(page)}`);
  expect(reply.status()).toBe(200);
  expect(await reply.json()).toMatchObject({
    name: NAME,
    kind: "linux",
    host: lab.host,
    port: lab.port,
    username: lab.username,
    authMethod: "password",
    hostKey: { algorithm: "ssh-ed25519", fingerprint: lab.hostKeyFingerprint },
    pendingHostKey: null,
    lastCheck: { status: "reachable" },
    identity: lab.hostname,
    model: expected.model,
    version: expected.version,
  });
  await dismissNotices(page);
  await screenshot(page, testInfo, "device-detail");

  await page.goto("/devices");
  const row = page.getByRole("row").filter({ hasText: NAME });
  await expect(row.getByTestId("connection-status")).toHaveText("reachable");
  await expect(row).toContainText(`${expected.model} · ${expected.version}`);
  await expect(row).toContainText(`${lab.host}:${lab.port}`);
  await screenshot(page, testInfo, "devices-list");
});

test("[devices] edit renames the device and changes its comment, keeping the stored password", async ({ page }, testInfo) => {
  const lab = labDetails();
  await page.goto(deviceUrl);
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await expect(page.getByRole("heading", { name: `Edit ${NAME}` })).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(NAME);
  await expect(page.getByLabel("Host (address or DNS name)")).toHaveValue(lab.host);
  await expect(page.getByLabel("Port", { exact: true })).toHaveValue(String(lab.port));
  await expect(page.getByLabel("User", { exact: true })).toHaveValue(lab.username);
  await expect(page.getByRole("textbox", { name: "Password", exact: true })).toHaveValue("");
  await expect(page.getByRole("textbox", { name: "Password", exact: true })).toHaveAttribute("placeholder", "leave empty to keep the stored password");
  await expect(page.getByRole("textbox", { name: "Comment", exact: true })).toHaveValue("first comment");
  await screenshot(page, testInfo, "device-edit");

  // A new port would need the password again (the stored one is never sent to a new address); back to the old one.
  await page.getByLabel("Port", { exact: true }).fill(String(lab.port + 1));
  await expect(page.getByTestId("address-changed")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Password", exact: true })).toHaveAttribute("placeholder", "required: the address changed");
  await page.getByLabel("Port", { exact: true }).fill(String(lab.port));
  await expect(page.getByTestId("address-changed")).toHaveCount(0);

  await page.getByLabel("Name", { exact: true }).fill(RENAMED);
  await page.getByRole("textbox", { name: "Comment", exact: true }).fill(COMMENT);
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page).toHaveURL(new RegExp(`${deviceUrl}$`));
  await expect(page.getByTestId("device-name")).toHaveText(RENAMED);
  await expect(page.getByTestId("device-comment")).toHaveText(COMMENT, { useInnerText: true });
  expect(await page.getByTestId("device-comment").textContent()).toBe(COMMENT);
  await expect(page.getByTestId("host-key")).toHaveText(`ssh-ed25519 ${lab.hostKeyFingerprint}`);

  // The empty password field kept the stored password: the gateway still lets us in.
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reachable" })).toBeVisible();
  await expect(page.getByTestId("connection-status")).toHaveText("reachable");
});

test("[devices] delete removes the device after a confirmation", async ({ page }) => {
  await page.goto(deviceUrl);
  const id = await deviceId(page);
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: `Remove ${RENAMED} from Waymark?` });
  await expect(confirm).toContainText("Nothing on the device changes");
  await confirm.getByRole("button", { name: "Delete the entry" }).click();

  await expect(page).toHaveURL(/\/devices$/);
  await expect(page.getByRole("row").filter({ hasText: RENAMED })).toHaveCount(0);
  expect((await page.request.get(`/api/v1/devices/${id}`)).status()).toBe(404);
  expect((await page.request.get(deviceUrl)).status()).toBe(404);
});
