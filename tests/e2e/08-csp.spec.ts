// The built dashboard under its per-request script policy (a nonce and 'strict-dynamic', no 'unsafe-inline'):
// every script tag carries the page's own nonce, the pages hydrate (signing in and a client-side navigation
// work) and Chromium reports no violation. Also the production entry's edge: a foreign Host and TRACE.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { seededUser } from "./seed";
import { BASE_URL, E2E_PORT, signIn } from "./support";

const ADMIN = seededUser("08-csp", "admin");

function scriptSource(policy: string | undefined): string {
  const match = /(?:^|;)\s*script-src ([^;]*)/.exec(policy ?? "");
  if (!match) throw new Error(`no script-src in ${policy}`);
  return match[1]!;
}

/** Every CSP violation the page reports, from the browser's own event (not only what reaches the console). */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction("reportCspViolation", (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportCspViolation(t: string): void }).reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

test("[csp] pages carry a fresh nonce on every script and hydrate under it", async ({ page }) => {
  const violations = await watchViolations(page);
  const first = await page.goto("/login");
  const policy = first!.headers()["content-security-policy"];
  const scripts = scriptSource(policy);
  expect(scripts).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scripts).toContain("'strict-dynamic'");
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");

  const nonce = /'nonce-([^']+)'/.exec(scripts)![1]!;
  const tags = [...(await first!.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(tags.length).toBeGreaterThan(0);
  for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
  const again = await page.request.get("/login");
  expect(scriptSource(again.headers()["content-security-policy"])).not.toContain(nonce);

  await signIn(page, await ADMIN.account());
  await page.getByRole("link", { name: "Add device" }).click();
  await expect(page).toHaveURL(/\/devices\/new$/);
  await expect(page.getByRole("heading", { name: "Add device" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("[http edge] the production server refuses a foreign Host (421) and answers TRACE with 405", async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  const rebound = await api.get("/login", { headers: { host: `rebind.attacker.example:${E2E_PORT}` }, maxRedirects: 0 });
  expect(rebound.status()).toBe(421);
  expect((await rebound.json()).error.message).toContain("WAYMARK_ALLOWED_HOSTS");
  const setup = await api.post("/api/v1/auth/setup", {
    headers: { host: `rebind.attacker.example:${E2E_PORT}`, origin: `http://rebind.attacker.example:${E2E_PORT}`, "x-csrf-token": "x" },
    data: { username: "intruder", password: "intruder password 1" },
  });
  expect(setup.status()).toBe(421);
  expect((await api.get("/api/v1/auth/status", { headers: { host: `localhost:${E2E_PORT}` } })).status()).toBe(200);

  for (const path of ["/api/v1/devices", "/api/v1/no/such/route"]) {
    const trace = await api.fetch(path, { method: "TRACE" });
    expect([path, trace.status()]).toEqual([path, 405]);
    expect(trace.headers().allow).toContain("GET");
  }
  await api.dispose();
});
