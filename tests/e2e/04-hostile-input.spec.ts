// Free text that looks like markup or shell is stored exactly as typed and only ever rendered as text: no element,
// no script, no dialog comes out of it, on any page that shows it, and it survives an edit round trip unchanged.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { seededUser } from "./seed";
import { DialogWatcher, labDetails, screenshot } from "./support";

// One device, added by the first test and deleted by the last.
test.describe.configure({ mode: "serial" });

const ADMIN = seededUser("04-hostile-input", "admin");
test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });

const NAME = "04 edge \"<b>x</b>\" $(rm -rf /); `id` | 'q' &amp; > /tmp/pwn";
/** A port on the lab's gateway where nothing listens: the check is refused at once, and no other spec's device is
 * at this host and port (the lab's sshd on 22 belongs to 03-devices). */
const CLOSED_PORT = 2204;
const COMMENT = [
  "first line & 'single' \"double\"",
  "<script>alert(1)</script>",
  '<img src=x onerror="window.__pwned=1;alert(2)">',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile input, a shell expansion that must reach the page as literal text
  "${HOME} $(id) `uname -a`; rm -rf / | cat /etc/passwd > /dev/null && echo done \\ \\n",
  "\ttabbed </textarea><b>x</b>",
].join("\n");
const MARKUP = ["<b>x</b>", "<script>alert(1)</script>", "<img src=x", "</textarea><b>"];

let deviceUrl = "";
let dialogs: DialogWatcher;

test.beforeEach(({ page }) => {
  dialogs = new DialogWatcher(page);
});

test.afterEach(() => {
  expect(dialogs.seen).toEqual([]);
});

/** Nothing in the live document was built from the hostile strings. */
async function expectInert(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  const found = await page.evaluate(() => ({
    bold: [...document.querySelectorAll("b")].filter((b) => b.textContent === "x").length,
    scripts: [...document.querySelectorAll("script")].filter((s) => (s.textContent ?? "").trim() === "alert(1)").length,
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
  }));
  expect(found).toEqual({ bold: 0, scripts: 0, images: 0, pwned: null });
}

/** The server's HTML (including the serialized React payload) carries the strings escaped, never as markup. */
async function expectEscapedHtml(page: Page, path: string): Promise<void> {
  const response = await page.request.get(path);
  expect(response.status()).toBe(200);
  const html = await response.text();
  for (const markup of MARKUP) expect(html, `raw ${markup} in ${path}`).not.toContain(markup);
}

async function expectStored(page: Page): Promise<void> {
  const id = deviceUrl.split("/").at(-1);
  const reply = await page.request.get(`/api/v1/devices/${id}`);
  expect(reply.status()).toBe(200);
  const device = (await reply.json()) as { name: string; comment: string };
  expect(device.name).toBe(NAME);
  expect(device.comment).toBe(COMMENT);
}

test("[xss] a device named and commented with markup and shell metacharacters is stored as given", async ({ page }) => {
  const lab = labDetails();
  await page.goto("/devices/new");
  await page.getByLabel("Name", { exact: true }).fill(NAME);
  await page.getByLabel("Host (address or DNS name)").fill(lab.host);
  await page.getByLabel("Port", { exact: true }).fill(String(CLOSED_PORT));
  await page.getByLabel("User", { exact: true }).fill(lab.username);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill("not-used-by-this-test");
  await page.getByRole("textbox", { name: "Comment", exact: true }).fill(COMMENT);
  await page.getByRole("button", { name: "Add device" }).click();
  // The add form tests the connection first; nothing answers there, so saving is a second choice.
  await expect(page.getByTestId("failed-check")).toBeVisible();
  await page.getByRole("button", { name: "Save anyway" }).click();
  await expect(page).toHaveURL(/\/devices\/(?!new$)[^/]+$/);
  deviceUrl = new URL(page.url()).pathname;
  await expectStored(page);
});

test("[xss] the detail page renders the name and comment as inert text", async ({ page }, testInfo) => {
  await page.goto(deviceUrl);
  const name = page.getByTestId("device-name");
  const comment = page.getByTestId("device-comment");
  await expect(name).toBeVisible();
  expect(await name.textContent()).toBe(NAME);
  expect(await comment.textContent()).toBe(COMMENT);
  expect(await name.evaluate((el) => el.childElementCount)).toBe(0);
  expect(await comment.evaluate((el) => el.childElementCount)).toBe(0);
  // Newlines are kept visible (pre-wrap), not collapsed.
  // biome-ignore lint/performance/useDomNodeTextContent: innerText is the rendered text, where collapsed newlines would be lost; textContent keeps them whatever the CSS
  expect(await comment.evaluate((el) => (el as HTMLElement).innerText.split("\n").length)).toBe(COMMENT.split("\n").length);
  await expectInert(page);
  await expectEscapedHtml(page, deviceUrl);
  // ...and the server did render them, as escaped text.
  const html = await (await page.request.get(deviceUrl)).text();
  expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  expect(html).toContain("&lt;b&gt;x&lt;/b&gt;");
  await screenshot(page, testInfo, "device-detail-hostile-text");
});

test("[xss] the device list and the audit log render it as inert text", async ({ page }) => {
  await page.goto("/devices");
  const link = page.getByRole("link", { name: NAME, exact: true });
  await expect(link).toHaveCount(1);
  expect(await link.textContent()).toBe(NAME);
  expect(await link.evaluate((el) => el.childElementCount)).toBe(0);
  await expectInert(page);
  await expectEscapedHtml(page, "/devices");

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expectInert(page);
  await expectEscapedHtml(page, "/audit");
});

test("[xss] the edit form shows the exact strings and saving unchanged keeps them exact", async ({ page }) => {
  await page.goto(`${deviceUrl}/edit`);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(NAME);
  await expect(page.getByRole("textbox", { name: "Comment", exact: true })).toHaveValue(COMMENT);
  const heading = page.getByRole("heading", { level: 1 });
  expect(await heading.textContent()).toBe(`Edit ${NAME}`);
  await expectInert(page);
  await expectEscapedHtml(page, `${deviceUrl}/edit`);

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(new RegExp(`${deviceUrl}$`));
  await expect(page.getByRole("status").filter({ hasText: "Device saved" })).toBeVisible();
  expect(await page.getByTestId("device-name").textContent()).toBe(NAME);
  expect(await page.getByTestId("device-comment").textContent()).toBe(COMMENT);
  await expectStored(page);
  await expectInert(page);
});

test("[xss] the delete confirmation quotes the name verbatim, and deleting works", async ({ page }) => {
  await page.goto(deviceUrl);
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog");
  await expect(confirm.getByRole("heading")).toHaveText(`Remove ${NAME} from Waymark?`);
  await expectInert(page);
  await confirm.getByRole("button", { name: "Delete the entry" }).click();
  await expect(page).toHaveURL(/\/devices$/);
  await expect(page.getByRole("link", { name: NAME, exact: true })).toHaveCount(0);
  await expectInert(page);
});
