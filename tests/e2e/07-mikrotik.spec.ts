// A MikroTik router through the UI, against a simulated router of this spec's own on a free port
// (scripts/simulate-router.ts: RouterOS 7.16 booted from an export that carries the admin's own firewall rules, LAN
// clients opening connections).
// The admin adds the router, saves a dual-WAN intent with a server pool, previews the .rsc (PCC, then ECMP), pushes
// it, and watches the live state: links up, rule counters that keep moving with the traffic, new connections shared
// 3:1. Then it takes Waymark's policy off the router, pushes it again, and deletes the device with the removal first.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { seededUser } from "./seed";
import { csrfToken, DialogWatcher, dismissNotices, screenshot } from "./support";
import { startRouterOsSim, type RouterOsSim } from "./routeros-sim";
import { expectLinkUp, expectStepsDone, linkRow, liveShare, liveStateHeading, openPolicyJson, rulePackets } from "./state-panel";

// One router and one device, followed from adding to deleting.
test.describe.configure({ mode: "serial" });

const ADMIN = seededUser("07-mikrotik", "admin");
test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });

const NAME = "07-mikrotik simulated edge router";
const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const INTENT = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
  inbound: {
    pools: [
      {
        name: "web",
        listen: { interface: "wan1", protocol: "tcp", port: 443 },
        backends: [
          { name: "web-1", address: "192.168.10.200" },
          { name: "web-2", address: "192.168.10.201" },
        ],
      },
    ],
  },
};

let deviceUrl = "";
let dialogs: DialogWatcher;
let started: RouterOsSim | undefined;

test.beforeAll(async () => {
  started = await startRouterOsSim("07-mikrotik");
});

test.afterAll(() => {
  started?.stop();
});

function router(): RouterOsSim {
  if (!started) throw new Error("the simulated router did not start");
  return started;
}

test.beforeEach(({ page }) => {
  dialogs = new DialogWatcher(page);
});

test.afterEach(() => {
  expect(dialogs.seen).toEqual([]);
});

/** Saves the intent as another admin would, from another tab: the page still shows the revision it loaded. */
async function saveBehindThePagesBack(page: Page): Promise<number> {
  const token = await csrfToken(page);
  const id = deviceUrl.split("/").at(-1) ?? "";
  return page.evaluate(
    async ({ token, id, intent }) => {
      const response = await fetch(`/api/v1/devices/${id}/policy`, {
        method: "PUT",
        headers: { "content-type": "application/json", "x-csrf-token": token },
        body: JSON.stringify(intent),
        credentials: "same-origin",
      });
      return ((await response.json()) as { revision: number }).revision;
    },
    { token, id, intent: INTENT },
  );
}

test("[mikrotik] add the simulated router and reach it over the RouterOS API", async ({ page }) => {
  const sim = router();
  await page.goto("/devices/new");
  await page.getByLabel("MikroTik router (RouterOS API)").check();
  await page.getByLabel("Name", { exact: true }).fill(NAME);
  await page.getByLabel("Host (address or DNS name)").fill(sim.host);
  await page.getByLabel("Port", { exact: true }).fill(String(sim.port));
  await page.getByLabel("User", { exact: true }).fill(sim.username);
  await page.getByLabel("Password", { exact: true }).fill(sim.password);
  await page.getByRole("button", { name: "Add device" }).click();
  await expect(page).toHaveURL(/\/devices\/(?!new$)[^/]+$/);
  deviceUrl = new URL(page.url()).pathname;

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-status")).toHaveText("reachable");
  await expect(page.getByTestId("device-identity")).toHaveText(sim.identity);
  await expect(page.getByTestId("device-version")).toContainText("7.16.2");
  await expect(liveStateHeading(page)).toHaveCount(0);
  await expect(page.getByTestId("no-policy-on-device")).toBeVisible();
});

test("[mikrotik] save the intent and preview the .rsc: checked against the router, PCC by default, ECMP when chosen, v6 as a what-if", async ({ page }) => {
  await (await openPolicyJson(page, deviceUrl)).fill(JSON.stringify(INTENT, null, 2));
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Policy saved; nothing was pushed yet" })).toBeVisible();
  await expect(page.getByTestId("policy-unsaved")).toHaveCount(0);

  await expect(page.getByLabel("Balancer")).toHaveValue("pcc");
  await page.getByRole("button", { name: "Preview plan" }).click();
  const script = page.getByTestId("plan-script");
  await expect(script).toContainText("/routing table add");
  await expect(script).toContainText("per-connection-classifier=both-addresses-and-ports:4/3");
  await expect(script).toContainText("action=dst-nat");
  await expect(page.getByTestId("plan-label")).toHaveText("RouterOS v7 · PCC · checked against the device's interfaces and networks");
  await expect(page.getByText("changes only the objects Waymark created")).toBeVisible();

  await page.getByLabel("Balancer").selectOption("ecmp");
  await expect(page.getByRole("status").filter({ hasText: "Balancing by ECMP saved" })).toBeVisible();
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByTestId("plan-label")).toContainText("RouterOS v7 · ECMP");
  await expect(script).not.toContainText("per-connection-classifier=both-addresses-and-ports:4/3");
  await page.getByLabel("Balancer").selectOption("pcc");
  await expect(page.getByRole("status").filter({ hasText: "Balancing by PCC saved" })).toBeVisible();

  await page.getByLabel("RouterOS version").selectOption("6");
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(script).toContainText("routing-mark=to-isp-a");
  await expect(page.getByTestId("plan-label")).toHaveText("RouterOS v6 · PCC · not checked against the device: its interfaces and networks were not read");
});

test("[mikrotik] an intent naming an interface the router lacks is refused at preview, with the reason", async ({ page }) => {
  const editor = await openPolicyJson(page, deviceUrl);
  const wrong = { ...INTENT, outbound: { ...INTENT.outbound, lanInterfaces: ["lan9"] } };
  await editor.fill(JSON.stringify(wrong, null, 2));
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Policy saved" })).toBeVisible();
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByTestId("plan-error")).toContainText("lan9");
  await expect(page.getByTestId("plan-script")).toHaveCount(0);

  await editor.fill(JSON.stringify(INTENT, null, 2));
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByTestId("policy-unsaved")).toHaveCount(0);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByTestId("plan-script")).toContainText("/routing table add");
});

test("[mikrotik] push names the revision on the page: unsaved edits and a newer save elsewhere are refused", async ({ page }) => {
  const editor = await openPolicyJson(page, deviceUrl);
  const push = page.getByRole("button", { name: "Push", exact: true });
  const shown = Number((await page.getByTestId("push-revision").textContent())?.match(/revision (\d+)/)?.[1]);
  expect(shown).toBeGreaterThan(0);

  await editor.fill(JSON.stringify({ ...INTENT, links: INTENT.links.map((l) => ({ ...l, weight: 1 })) }, null, 2));
  await expect(push).toBeDisabled();
  await expect(page.getByText("Save your edits before pushing: the push sends the saved policy.")).toBeVisible();
  await page.getByRole("button", { name: "Discard edits" }).click();
  await expect(push).toBeEnabled();

  expect(await saveBehindThePagesBack(page)).toBe(shown + 1);
  await push.click();
  await expect(page.getByRole("alert").filter({ hasText: `revision ${shown + 1}, not ${shown}` })).toBeVisible();
  expect(await (await page.request.get(`/api/v1${deviceUrl}/pushes`)).json()).toEqual([]);
});

test("[mikrotik] push: confirmed, then the live state shows links up, counters moving and new connections shared 3:1", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(`${deviceUrl}/policy`);
  await page.getByLabel("Reason for this change (kept in the history)").fill("e2e: dual WAN 3:1 with a web pool");
  await page.getByRole("button", { name: "Push", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Push confirmed" })).toBeVisible({ timeout: 90_000 });
  await expectStepsDone(page, ["inspect", "compile", "snapshot", "arm", "apply", "gate", "confirm"]);
  await expect(page.getByTestId("push-history").getByRole("row").filter({ hasText: "dual WAN 3:1" })).toContainText("confirmed");

  // What the router does now is on the overview.
  await page.goto(deviceUrl);
  await expect(liveStateHeading(page)).toBeVisible();
  await expectLinkUp(page, "isp-a");
  await expectLinkUp(page, "isp-b");
  await expect(page.getByTestId("device-backends").locator('tr[data-backend="web/web-1"]')).toBeVisible();
  await expect(page.getByTestId("drift")).toHaveCount(0);
  await expect(page.getByTestId("watcher-stopped")).toHaveCount(0);
  await expect(page.getByTestId("device-rules")).not.toContainText("waymark:");

  const routed = "LAN packets of isp-a's connections routed by its table";
  const first = await rulePackets(page, routed);
  expect(first).not.toBeNaN();
  await expect.poll(() => rulePackets(page, routed), { timeout: 20_000 }).toBeGreaterThan(first);
  await expect.poll(() => rulePackets(page, "new LAN connections, share 4 of 4 → isp-b"), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(() => rulePackets(page, /^pool web: new connections.* → web-1$/), { timeout: 20_000 }).toBeGreaterThan(0);

  // The live split of new connections between two readings (3 s apart) follows the 3:1 weights.
  await expect.poll(async () => (await liveShare(page, "isp-a")) > (await liveShare(page, "isp-b")), { timeout: 30_000 }).toBe(true);
  await expect(linkRow(page, "isp-a").locator('[data-column="out"]')).toHaveText(/bit\/s$/);

  await dismissNotices(page);
  await screenshot(page, testInfo, "device-mikrotik-live");
});

test("[mikrotik] Remove Waymark's policy: asked with a reason, followed step by step, then nothing left to read back", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${deviceUrl}/policy`);
  await page.getByRole("button", { name: "Remove Waymark's policy" }).click();
  const dialog = page.getByRole("dialog", { name: `Remove Waymark's policy from ${NAME}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Reason (kept in the history)").fill("e2e: take the router back");
  await dialog.getByRole("button", { name: "Remove Waymark's policy" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Removal confirmed" })).toBeVisible({ timeout: 90_000 });
  await expectStepsDone(page, ["inspect", "apply", "gate", "confirm"]);

  const row = page.getByTestId("push-history").getByRole("row").filter({ hasText: "e2e: take the router back" });
  await expect(row).toContainText("removal");
  await expect(row).toContainText("confirmed");
  await expect(page.getByRole("button", { name: "Remove Waymark's policy" })).toHaveCount(0);
  await page.goto(deviceUrl);
  await expect(liveStateHeading(page)).toHaveCount(0);
  expect((await page.request.get(`/api/v1${deviceUrl}/state`)).status()).toBe(412);
});

test("[mikrotik] deleting a router that carries Waymark's policy offers to remove it first", async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(`${deviceUrl}/policy`);
  await page.getByRole("button", { name: "Push", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Push confirmed" })).toBeVisible({ timeout: 90_000 });
  await page.goto(deviceUrl);
  await expect(liveStateHeading(page)).toBeVisible();

  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${NAME}?` });
  await expect(dialog).toContainText("Remove Waymark's objects from the device first, or delete the entry only.");
  await expect(dialog.getByRole("button", { name: "Delete the entry only" })).toBeVisible();
  await dialog.getByRole("button", { name: "Remove Waymark's objects, then delete" }).click();
  await expect(page).toHaveURL(/\/devices$/, { timeout: 90_000 });
  expect((await page.request.get(`/api/v1${deviceUrl}`)).status()).toBe(404);
});
