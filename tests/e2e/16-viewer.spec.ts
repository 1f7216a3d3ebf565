// A viewer (the role for the NOC screen and the colleague who only watches) on every page: each one renders with
// its content, the admin's pages say "Not allowed", no enabled button or link on any of them changes something
// (push, save, drain, revert, drill, reset counters, delete, edit…), and the API refuses each change a viewer sends
// from its own session, CSRF token and all (403). 02-rbac covers the viewer's devices list and the device create;
// this spec covers the device screens and their verbs.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { seededUser } from "./seed";
import { dashboardScreens, ROUTEROS_INTENT, seedDevices, type SeededDevices } from "./screens";
import { csrfToken, screenshot } from "./support";

const VIEWER = seededUser("16-viewer", "viewer");
test.use({ storageState: async ({}, use) => use(await VIEWER.storageState()) });

let seeded: Promise<SeededDevices> | undefined;
const devices = () => (seeded ??= seedDevices("16-viewer"));
test.afterAll(async () => {
  (await seeded?.catch(() => undefined))?.sim.stop();
});

/** What a button that changes something is called, anywhere in the dashboard. */
const CHANGES = /\b(push|save|drain|revert|drill|reset|delete|remove|disable|re-?enable|accept|trust|revoke|create|add|apply|start|test connection)\b/i;
/** Links into a screen whose only purpose is a change (editing a device, adding one, reverting to a revision). */
const CHANGE_LINK = /^(edit|add device|revert)\b/i;

/**
 * The visible, enabled controls that change something. A link only navigates (the page it leads to is checked in
 * its own test), except the ones into a change screen. A viewer may change its own password: that is its account.
 */
async function changingControls(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ changes, changeLink }) => {
      const [changesRe, changeLinkRe] = [new RegExp(changes, "i"), new RegExp(changeLink, "i")];
      const main = document.querySelector("main") ?? document.body;
      const visible = (el: HTMLElement) => el.offsetParent !== null && !(el as HTMLButtonElement).disabled && el.getAttribute("aria-disabled") !== "true";
      const name = (el: HTMLElement) => (el.getAttribute("aria-label") ?? el.textContent ?? "").trim();
      const buttons = [...main.querySelectorAll<HTMLElement>("button, input[type=submit]")]
        .filter(visible)
        .map(name)
        .filter((text) => changesRe.test(text) && text !== "Change password");
      const links = [...main.querySelectorAll<HTMLElement>("a[href]")]
        .filter(visible)
        .map(name)
        .filter((text) => changeLinkRe.test(text));
      return [...buttons, ...links];
    },
    { changes: CHANGES.source, changeLink: CHANGE_LINK.source },
  );
}

const PLACEHOLDER = { id: "x", name: "x" };
for (const { name } of dashboardScreens({ routeros: PLACEHOLDER, linux: PLACEHOLDER })) {
  test(`[viewer] ${name}: sees it all, can change nothing`, async ({ page }, testInfo) => {
    const screen = dashboardScreens(await devices()).find((s) => s.name === name);
    if (!screen) throw new Error(`no screen ${name}`);
    const response = await page.goto(screen.path);
    expect(response?.status(), `${screen.path} answers`).toBe(200);
    if (screen.adminOnly) {
      await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
      await expect(page.locator("main form")).toHaveCount(0);
    } else {
      await expect(page).toHaveTitle(screen.title);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await expect(page.getByRole("heading", { name: "Not allowed" })).toHaveCount(0);
      // Pages that fill in after loading (live state, revisions) have had their moment.
      await expect(page.getByTestId("page-loading")).toHaveCount(0);
    }
    expect(await changingControls(page), `controls that change something on ${screen.path}`).toEqual([]);
    await screenshot(page, testInfo, `viewer ${name}`.replace(/\W+/g, "-"));
  });
}

test("[viewer] the API refuses every change a viewer sends from its own session", async ({ page }) => {
  const { routeros } = await devices();
  await page.goto(`/devices/${routeros.id}`);
  const token = await csrfToken(page);
  const base = `/api/v1/devices/${routeros.id}`;
  const writes: [method: string, path: string, body?: unknown][] = [
    ["PUT", `${base}/policy`, { ...ROUTEROS_INTENT, links: ROUTEROS_INTENT.links.map((link) => ({ ...link, weight: 1 })) }],
    ["PUT", `${base}/policy/target-options`, { routeros: { balancer: "ecmp" } }],
    ["POST", `${base}/push`, { reason: "viewer was here" }],
    ["POST", `${base}/policy/removal`, { reason: "viewer was here" }],
    ["POST", `${base}/test-connection`],
    ["PATCH", base, { name: "renamed by a viewer" }],
    ["DELETE", base],
    ["POST", `${base}/counters/reset`],
    ["POST", `${base}/drills`, { link: "isp-a", durationS: 30 }],
    ["POST", `${base}/pools/web/backends/web-1/state`, { state: "drain", reason: "viewer was here" }],
    ["POST", "/api/v1/tokens", { name: "viewer token", role: "admin" }],
  ];
  for (const [method, path, body] of writes) {
    const reply = await page.evaluate(
      async ({ method, path, body, token }) => {
        const response = await fetch(path, {
          method,
          headers: { "content-type": "application/json", "x-csrf-token": token },
          body: body === undefined ? undefined : JSON.stringify(body),
          credentials: "same-origin",
        });
        return { status: response.status, json: (await response.json()) as unknown };
      },
      { method, path, body, token },
    );
    expect(reply.status, `${method} ${path}`).toBe(403);
    expect(reply.json, `${method} ${path}`).toMatchObject({ error: { code: "forbidden" } });
  }

  // Nothing changed: the policy is still the seeded revision 1, the device still there under its name.
  const policy = (await (await page.request.get(`${base}/policy`)).json()) as { revision: number };
  expect(policy.revision).toBe(1);
  const device = (await (await page.request.get(base)).json()) as { name: string };
  expect(device.name).toBe(routeros.name);
});
