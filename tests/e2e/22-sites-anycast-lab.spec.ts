// An anycast site end to end through the UI, against the anycast lab (lab/anycast-lab.ts, started by this spec: an
// edge and three servers running Debian's BIRD 2 in network namespaces, each with its own sshd, and a client behind
// the edge). The operator creates the site with the form (interfaces read from the devices, BIRD's paths of the
// lab), previews the three plans checked against the devices, pushes, and watches the live view: every server's
// check passing and route announced, the BGP and BFD sessions up, the edge's three next hops with the traffic it
// forwards to each; a server whose service stops is seen withdrawn, and comes back.
import { randomBytes } from "node:crypto";
import type { Page, TestInfo } from "@playwright/test";
import { type AnycastLab, startAnycastLab } from "../../lab/anycast-lab";
import { expect, test } from "./fixtures";
import { asSeedingAdmin, seededUser, uniqueName } from "./seed";
import { assertLabAddress, DialogWatcher, screenshot } from "./support";

test.describe.configure({ mode: "serial" });

const OPERATOR = seededUser("22-sites-anycast", "operator");
test.use({ storageState: async ({}, use) => use(await OPERATOR.storageState()) });

const SITE = `dns-${randomBytes(3).toString("hex")}`;
let lab: AnycastLab;
/** The lab's edge and servers as dashboard devices: lab name → { id, name }. */
const devices = new Map<string, { id: string; name: string }>();
let siteUrl = "";
let dialogs: DialogWatcher;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(240_000);
  lab = await startAnycastLab({ label: "e2e-sites" });
  const prefix = uniqueName("22-sites-anycast");
  await asSeedingAdmin(async (api, csrf) => {
    const headers = { "x-csrf-token": csrf };
    for (const m of [lab.edge, ...lab.servers]) {
      assertLabAddress(m.host);
      const name = `${prefix} ${m.name}`;
      const reply = await api.post("/api/v1/devices", {
        headers,
        data: { kind: "linux", name, host: m.host, port: m.port, username: "root", auth: { method: "key", privateKey: lab.privateKey } },
      });
      expect(reply.status(), await reply.text()).toBe(201);
      const id = ((await reply.json()) as { id: string }).id;
      // First contact pins the host key.
      const check = await api.post(`/api/v1/devices/${id}/test-connection`, { headers });
      const answer = (await check.json()) as { check?: { status?: string } };
      expect(answer.check?.status, JSON.stringify(answer)).toBe("reachable");
      devices.set(m.name, { id, name });
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

const device = (labName: string) => {
  const found = devices.get(labName);
  if (!found) throw new Error(`no device for ${labName}`);
  return found;
};

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
    await screenshot(page, testInfo, `sites-lab-${name}-${width}-${scheme}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: "light" });
}

test("the form over the lab's devices: interfaces read, BIRD's paths, three plans checked against the devices, create", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto("/sites/new");
  await page.getByLabel("Name", { exact: true }).fill(SITE);
  await page.getByRole("radio", { name: /BGP anycast/ }).check();
  await page.getByLabel("Service address", { exact: true }).fill(lab.service.address);
  await page.getByLabel("Port on 127.0.0.1", { exact: true }).fill(String(lab.service.port));
  await page.getByLabel("Every (ms)", { exact: true }).fill("200");
  await page.getByLabel("Timeout (ms)", { exact: true }).fill("150");

  await page.getByRole("button", { name: "Choose the edge router" }).click();
  const edge = page.getByTestId("site-edge");
  await edge.getByLabel("Device", { exact: true }).selectOption(device(lab.edge.name).id);
  await edge.getByLabel("AS number", { exact: true }).fill(String(lab.edge.asn));
  await edge.getByText("BIRD on this device").click();
  await edge.getByLabel("BIRD configuration file", { exact: true }).fill(lab.edge.bird.configFile);
  await edge.getByLabel("BIRD control socket", { exact: true }).fill(lab.edge.bird.controlSocket);

  for (const [i, s] of lab.servers.entries()) {
    await page.getByRole("button", { name: "Add server" }).click();
    const card = page.getByTestId("site-server").nth(i);
    await card.getByLabel("Device", { exact: true }).selectOption(device(s.name).id);
    // The interface becomes a select of the device's own once read; choosing it fills the server's address.
    await card.getByRole("button", { name: "Read interfaces" }).click();
    const chooser = card.getByRole("combobox", { name: "Interface", exact: true });
    await expect(chooser).toBeVisible({ timeout: 30_000 });
    await chooser.selectOption(s.interface);
    await expect(card.getByLabel("Server address", { exact: true })).toHaveValue(s.address);
    await card.getByLabel("Edge address", { exact: true }).fill(s.edgeAddress);
    await card.getByLabel("AS number", { exact: true }).fill(String(s.asn));
    await card.getByText("BIRD on this device").click();
    await card.getByLabel("BIRD configuration file", { exact: true }).fill(s.bird.configFile);
    await card.getByLabel("BIRD control socket", { exact: true }).fill(s.bird.controlSocket);
  }

  await page.getByRole("button", { name: "Preview plans" }).click();
  await expect(page.getByTestId("member-plan")).toHaveCount(4, { timeout: 90_000 });
  await expect(page.getByTestId("member-offline")).toHaveCount(0);
  await expect(page.getByTestId("member-changes").first()).toHaveText("new on this device");
  await expect(page.getByTestId("site-preview-summary")).toContainText("Every member can be pushed.");
  await everyMode(page, testInfo, "form-preview");
  await page.getByRole("button", { name: "Create site" }).click();
  await expect(page).toHaveURL(/\/sites\/(?!new$)[^/]+$/);
  siteUrl = new URL(page.url()).pathname;
});

test("push: every device confirmed, then live: routes announced, sessions up, the edge's next hops forwarding", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto(siteUrl);
  await page.getByRole("button", { name: "Preview and push" }).click();
  await expect(page.getByTestId("member-plan")).toHaveCount(4, { timeout: 90_000 });
  await page.getByLabel("Reason", { exact: true }).fill("e2e: anycast over the lab");
  await page.getByRole("button", { name: "Push to 4 devices" }).click();
  const progress = page.getByTestId("site-push-progress").first();
  await expect(progress).toHaveAttribute("data-status", "confirmed", { timeout: 180_000 });
  await expect(page.getByTestId("site-push-outcome").first()).toContainText("4 of 4 devices confirmed");

  await page.reload();
  await expect(page.getByTestId("member-applied").first()).toContainText("confirmed");
  await expect(page.getByTestId("site-live-status")).toHaveAttribute("data-tone", "ok", { timeout: 60_000 });
  const servers = page.getByTestId("anycast-server");
  await expect(servers).toHaveCount(3);
  for (const row of await servers.all()) await expect(row.getByTestId("announced")).toHaveText("announced", { timeout: 60_000 });
  await expect(page.getByTestId("edge-nexthops-words")).toContainText("over 3 next hops", { timeout: 60_000 });
  await expect(page.getByTestId("bgp-sessions")).toContainText("Established");

  // Real flows through the edge: it forwards some of them to every server.
  const answered = await lab.traffic(300, { concurrency: 20 });
  expect(answered.failed).toBe(0);
  expect(Object.keys(answered.answers)).toHaveLength(3);
  // The monitor recorded the polls: the site's history draws each member's traffic.
  const history = page.getByTestId("site-trends");
  await history.getByRole("button", { name: "Refresh" }).click();
  await expect(history.getByText(/^Showing the last 1 h, every poll: [1-9]/)).toBeVisible({ timeout: 30_000 });
  await expect(history.getByRole("heading", { name: /web-1 · server/ })).toBeVisible();
  await everyMode(page, testInfo, "site-live");
});

test("a server whose service stops is withdrawn in the live view, and returns", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(siteUrl);
  const first = page.getByTestId("anycast-server").filter({ hasText: device(lab.servers[0]!.name).name });
  await expect(first.getByTestId("announced")).toHaveText("announced", { timeout: 60_000 });
  await lab.stopService(0);
  try {
    await expect(first.getByTestId("announced")).toHaveText("withdrawn", { timeout: 30_000 });
    await expect(page.getByTestId("edge-nexthops-words")).toContainText("over 2 next hops", { timeout: 30_000 });
  } finally {
    await lab.startService(0);
  }
  await expect(first.getByTestId("announced")).toHaveText("announced", { timeout: 30_000 });
});
