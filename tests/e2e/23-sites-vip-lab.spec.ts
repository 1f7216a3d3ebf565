// A shared virtual IP end to end through the UI, against the VIP lab (lab/vip-lab.ts, started by this spec: three
// servers and a client on one segment behind a bridge, each server with its own sshd and a service on port 80). The
// operator creates the site with the form (interfaces read from the devices), previews the three plans checked
// against the devices, pushes, and watches the live view: every node alive and heard by its peers, the buckets
// shared between them (strip and words), and a node whose service check fails seen dead with its buckets moved to
// the others, then back.
import { randomBytes } from "node:crypto";
import type { Page, TestInfo } from "@playwright/test";
import { startVipLab, VIP_IF, type VipLab } from "../../lab/vip-lab";
import { expect, test } from "./fixtures";
import { asSeedingAdmin, seededUser, uniqueName } from "./seed";
import { assertLabAddress, DialogWatcher, screenshot } from "./support";

test.describe.configure({ mode: "serial" });

const OPERATOR = seededUser("23-sites-vip", "operator");
test.use({ storageState: async ({}, use) => use(await OPERATOR.storageState()) });

const SITE = `vip-${randomBytes(3).toString("hex")}`;
const BUCKETS = 64;
let lab: VipLab;
const devices: { id: string; name: string }[] = [];
let siteUrl = "";
let dialogs: DialogWatcher;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(240_000);
  lab = await startVipLab({ label: "e2e-sites-vip" });
  const prefix = uniqueName("23-sites-vip");
  await asSeedingAdmin(async (api, csrf) => {
    const headers = { "x-csrf-token": csrf };
    for (const n of lab.nodes) {
      assertLabAddress(n.host);
      const name = `${prefix} ${n.name}`;
      const reply = await api.post("/api/v1/devices", {
        headers,
        data: { kind: "linux", name, host: n.host, port: n.port, username: "root", auth: { method: "key", privateKey: lab.privateKey } },
      });
      expect(reply.status(), await reply.text()).toBe(201);
      const id = ((await reply.json()) as { id: string }).id;
      const check = await api.post(`/api/v1/devices/${id}/test-connection`, { headers });
      const answer = (await check.json()) as { check?: { status?: string } };
      expect(answer.check?.status, JSON.stringify(answer)).toBe("reachable");
      devices.push({ id, name });
    }
  });
});

test.afterAll(async () => {
  await lab?.stop();
});

test.beforeEach(({ page }) => {
  dialogs = new DialogWatcher(page);
});

test.afterEach(() => {
  expect(dialogs.seen).toEqual([]);
});

async function everyMode(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const [width, scheme] of [
    [1280, "light"],
    [1280, "dark"],
    [390, "light"],
    [390, "dark"],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width} px overflows`).toBeLessThanOrEqual(0);
    await screenshot(page, testInfo, `sites-vip-${name}-${width}-${scheme}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: "light" });
}

/** "web-1: 22 buckets" for each node, from the strip's text equivalent. */
async function bucketCounts(page: Page): Promise<number[]> {
  const text = (await page.getByTestId("bucket-words").locator("li").allTextContents()).join("\n");
  return devices.map((d) => Number(new RegExp(`${d.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: (\\d+) bucket`).exec(text)?.[1] ?? Number.NaN));
}

test("the form over the lab's nodes, preview checked against them, push, live: every node alive, the buckets shared", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await page.goto("/sites/new");
  await page.getByLabel("Name", { exact: true }).fill(SITE);
  await page.getByLabel("Virtual IP", { exact: true }).fill(lab.vip);
  await page.getByLabel("Prefix length", { exact: true }).fill(String(lab.prefixLength));
  await page.getByLabel("Buckets", { exact: true }).fill(String(BUCKETS));
  await page.getByLabel("Check the service on each node").check();
  await page.getByLabel("Check", { exact: true }).selectOption("http");
  await page.getByLabel("Port on 127.0.0.1", { exact: true }).fill("80");
  await page.getByLabel("Every (ms)", { exact: true }).nth(1).fill("200");
  await page.getByLabel("Timeout (ms)", { exact: true }).fill("150");
  for (const [i, node] of lab.nodes.entries()) {
    await page.getByRole("button", { name: "Add node" }).click();
    const card = page.getByTestId("site-node").nth(i);
    await card.getByLabel("Device", { exact: true }).selectOption(devices[i]!.id);
    await card.getByRole("button", { name: "Read interfaces" }).click();
    const chooser = card.getByRole("combobox", { name: "Interface", exact: true });
    await expect(chooser).toBeVisible({ timeout: 30_000 });
    await chooser.selectOption(VIP_IF);
    await expect(card.getByLabel("Node address", { exact: true })).toHaveValue(node.address);
  }
  await page.getByRole("button", { name: "Preview plans" }).click();
  await expect(page.getByTestId("member-plan")).toHaveCount(3, { timeout: 90_000 });
  await expect(page.getByTestId("member-offline")).toHaveCount(0);
  await expect(page.getByTestId("site-preview-summary")).toContainText("Every member can be pushed.");
  await page.getByRole("button", { name: "Create site" }).click();
  await expect(page).toHaveURL(/\/sites\/(?!new$)[^/]+$/);
  siteUrl = new URL(page.url()).pathname;

  await page.getByRole("button", { name: "Preview and push" }).click();
  await expect(page.getByTestId("member-plan")).toHaveCount(3, { timeout: 90_000 });
  await page.getByLabel("Reason", { exact: true }).fill("e2e: shared VIP over the lab");
  await page.getByRole("button", { name: "Push to 3 devices" }).click();
  await expect(page.getByTestId("site-push-progress").first()).toHaveAttribute("data-status", "confirmed", { timeout: 180_000 });
  await expect(page.getByTestId("site-push-outcome").first()).toContainText("3 of 3 devices confirmed");

  await page.reload();
  await expect(page.getByTestId("site-live-status")).toHaveAttribute("data-tone", "ok", { timeout: 60_000 });
  const nodes = page.getByTestId("vip-node");
  await expect(nodes).toHaveCount(3);
  for (const row of await nodes.all()) await expect(row).toHaveAttribute("data-state", "alive", { timeout: 60_000 });
  await expect(page.getByTestId("heartbeat-matrix")).toContainText("hears");
  await expect.poll(async () => (await bucketCounts(page)).reduce((a, b) => a + b, 0), { timeout: 30_000 }).toBe(BUCKETS);
  expect(Math.min(...(await bucketCounts(page)))).toBeGreaterThan(0);
  // Every client of the lab is answered by exactly one node, and the nodes count what they answered.
  await expect.poll(async () => Object.values(await lab.probe()).filter((answered) => answered.length !== 1).length, { timeout: 30_000 }).toBe(0);
  for (let i = 0; i < 3; i++) await lab.probe();
  await expect(page.getByTestId("vip-nodes")).toContainText("pkt/s", { timeout: 30_000 });
  await everyMode(page, testInfo, "site-live");
});

test("a node whose check fails is dead in the live view, its buckets answered by the others; then back", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(siteUrl);
  const first = page.getByTestId("vip-node").filter({ hasText: devices[0]!.name });
  await expect(first).toHaveAttribute("data-state", "alive", { timeout: 60_000 });
  lab.setCheckFailing(lab.nodes[0]!, true);
  try {
    await expect(first).toHaveAttribute("data-state", "dead", { timeout: 60_000 });
    await expect(first).toContainText("its service check fails");
    await expect.poll(async () => (await bucketCounts(page))[0], { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await bucketCounts(page)).slice(1).reduce((a, b) => a + b, 0), { timeout: 30_000 }).toBe(BUCKETS);
    await screenshot(page, testInfo, "sites-vip-node-dead-1280-light");
  } finally {
    lab.setCheckFailing(lab.nodes[0]!, false);
  }
  await expect(first).toHaveAttribute("data-state", "alive", { timeout: 60_000 });
  await expect.poll(async () => (await bucketCounts(page))[0], { timeout: 30_000 }).toBeGreaterThan(0);
});

test("take the site off its devices (a red dialog, followed per device), then delete it", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto(siteUrl);
  // A site still on its devices cannot be deleted; the refusal says why.
  await page.getByRole("button", { name: "Delete site" }).click();
  const deleting = page.getByRole("dialog", { name: `Delete site ${SITE}?` });
  await deleting.getByRole("button", { name: "Delete site" }).click();
  await expect(deleting.getByRole("alert")).toContainText("take the site off its devices first");
  await deleting.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("button", { name: "Take off devices" }).click();
  const dialog = page.getByRole("dialog", { name: `Take site ${SITE} off its devices?` });
  await dialog.getByLabel("Reason for taking it off", { exact: true }).fill("e2e: the lab is going away");
  await screenshot(page, testInfo, "sites-vip-take-off-dialog-1280-light");
  await dialog.getByRole("button", { name: "Take off devices" }).click();
  await expect(dialog.getByTestId("site-push-progress")).toHaveAttribute("data-status", "confirmed", { timeout: 180_000 });
  await expect(dialog.getByTestId("site-push-outcome")).toContainText("3 of 3 devices taken off");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("member-applied").first()).toContainText("not on the device");

  await page.getByRole("button", { name: "Delete site" }).click();
  await page
    .getByRole("dialog", { name: `Delete site ${SITE}?` })
    .getByRole("button", { name: "Delete site" })
    .click();
  await expect(page).toHaveURL(/\/sites$/);
  await expect(page.getByRole("link", { name: SITE, exact: true })).toHaveCount(0);
});
