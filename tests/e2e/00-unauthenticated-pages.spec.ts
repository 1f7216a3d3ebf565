// Every page of the dashboard, found by walking src/app, refuses a visitor without a session: it redirects
// to /login (the admin exists by now), and the page's own content never reaches the browser.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";

const PUBLIC_PAGES = new Set(["/login", "/setup"]);

function pagePaths(dir = path.resolve("src/app"), prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name === "api") return [];
      const segment = /^\(.*\)$/.test(name) ? "" : `/${name.replace(/^\[.*\]$/, "no-such-id")}`;
      return pagePaths(full, `${prefix}${segment}`);
    }
    return name === "page.tsx" ? [prefix || "/"] : [];
  });
}

test("[pages] every dashboard page redirects a visitor without a session to /login", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const pages = pagePaths().filter((p) => !PUBLIC_PAGES.has(p));
  expect(pages).toEqual(expect.arrayContaining(["/devices", "/devices/new", "/devices/no-such-id", "/users", "/tokens", "/audit", "/account"]));
  for (const page of pages) {
    const first = await anonymous.get(page, { maxRedirects: 0 });
    expect.soft([page, first.status()]).toEqual([page, 307]);
    const landed = await anonymous.get(page);
    expect.soft([page, new URL(landed.url()).pathname]).toEqual([page, "/login"]);
  }
  await anonymous.dispose();
});
