// A server pool on a Linux gateway, end to end, against the pool lab (lab/pool-lab.ts, brought up by this spec: the
// multi-WAN gateway with real sshd, nftables and conntrack, three backends b1–b3 on its LAN answering their own
// names on port 8080, and a client on the internet host connecting to 198.51.100.2:80 through isp1). The admin adds
// the gateway, saves a pool of the three backends through the form and pushes; the Pools page shows each backend's
// health from the gateway's own checks and its new connections following real traffic. Draining the backend that
// holds a long-lived connection keeps that connection (still answered, still counted open) while new connections go
// to the others; re-enabling it gives it new connections again.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { type Locator, type Page, request, type TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { asSeedingAdmin, seededUser } from "./seed";
import { assertLabAddress, BASE_URL, DialogWatcher, dismissNotices, ROOT_DIR, screenshot, STATE_DIR } from "./support";

test.describe.configure({ mode: "serial" });

const ADMIN = seededUser("20-pools-linux", "admin");
test.use({ storageState: async ({}, use) => use(await ADMIN.storageState()) });

type PoolLab = {
  host: string;
  port: number;
  username: string;
  privateKey: string;
  hostKeyFingerprint: string;
  probeTargets: string[];
  lanSubnet: string;
  lanInterface: string;
  links: { name: string; interface: string; gateway: string }[];
  pool: { interface: string; address: string; port: number; protocol: "tcp" };
  backends: { name: string; address: string; port: number; namespace: string }[];
  client: { namespace: string; address: string };
};

const NAME = "20-pools-linux pool lab gateway";
const CLIENT = path.join(ROOT_DIR, "lab/pool-client.mjs");
const tsx = path.join(ROOT_DIR, "node_modules/.bin/tsx");
const run = promisify(execFile);

let lab: PoolLab;
let deviceUrl = "";
let dialogs: DialogWatcher;
let held: { child: ChildProcess; log: string } | undefined;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(300_000);
  const { stdout } = await run(tsx, ["lab/pool-lab.ts", "up"], { cwd: ROOT_DIR, encoding: "utf8", timeout: 280_000 });
  lab = JSON.parse(stdout) as PoolLab;
  assertLabAddress(lab.host);
  expect(lab.backends.map((b) => b.name)).toEqual(["b1", "b2", "b3"]);
});

/** The lab's two links and LAN: saved before the pool, so the form adds only the pool. */
function linksIntent() {
  return {
    links: lab.links.map((l) => ({ name: l.name, interface: l.interface, gateway: l.gateway, weight: 1, probe: { targets: lab.probeTargets } })),
    outbound: { lanInterfaces: [lab.lanInterface], lanSources: [lab.lanSubnet] },
  };
}

test.afterAll(async () => {
  held?.child.kill("SIGTERM");
  await run(tsx, ["lab/pool-lab.ts", "down"], { cwd: ROOT_DIR, encoding: "utf8", timeout: 120_000 }).catch(() => undefined);
});

test.beforeEach(({ page }) => {
  dialogs = new DialogWatcher(page);
});

test.afterEach(() => {
  expect(dialogs.seen).toEqual([]);
});

/** `n` HTTP GETs from the lab's internet client to the pool: how many each backend answered. */
async function traffic(n: number, concurrency = 10): Promise<{ names: Record<string, number>; failed: number }> {
  const { stdout } = await run(
    "ip",
    ["netns", "exec", lab.client.namespace, process.execPath, CLIENT, "count", lab.pool.address, String(lab.pool.port), String(n), String(concurrency)],
    {
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return JSON.parse(stdout.trim()) as { names: Record<string, number>; failed: number };
}

/** One long-lived connection through the pool, a line every 200 ms; each answer (the backend's name) is logged. */
function hold(): { child: ChildProcess; log: string } {
  const log = path.join(STATE_DIR, `pools-linux-hold-${process.pid}.jsonl`);
  writeFileSync(log, "");
  const child = spawn("ip", ["netns", "exec", lab.client.namespace, process.execPath, CLIENT, "hold", lab.pool.address, String(lab.pool.port), log, "200"], {
    stdio: "ignore",
  });
  return { child, log };
}

function answers(log: string): { t: number; name?: string; event?: string }[] {
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as { t: number; name?: string; event?: string });
}

const row = (page: Page, backend: string) => page.getByTestId("backends-web").locator(`tr[data-backend="${backend}"]`);
const number = async (cell: Locator) => Number(/^\s*([\d.,]+)/.exec((await cell.textContent()) ?? "")?.[1]?.replace(/,/g, "") ?? Number.NaN);

async function everyBackendUp(page: Page): Promise<void> {
  for (const b of lab.backends) await expect(row(page, b.name).getByTestId("backend-health")).toHaveText("up", { timeout: 30_000 });
}

async function shots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await dismissNotices(page);
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 1280 ? 800 : 844 });
      await screenshot(page, testInfo, `${name}-${width}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("[pools-linux] add the pool lab's gateway and save its links", async ({ page }) => {
  await page.goto("/devices/new");
  await page.getByLabel("Linux gateway (SSH)").check();
  await page.getByLabel("Name", { exact: true }).fill(NAME);
  await page.getByLabel("Host (address or DNS name)").fill(lab.host);
  await page.getByLabel("Port", { exact: true }).fill(String(lab.port));
  await page.getByLabel("User", { exact: true }).fill(lab.username);
  await page.getByRole("radio", { name: "Private key" }).check();
  await page.getByRole("textbox", { name: "Private key", exact: true }).fill(lab.privateKey);
  await page.getByRole("button", { name: "Add device" }).click();
  await expect(page).toHaveURL(/\/devices\/(?!new$)[^/]+$/);
  deviceUrl = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("host-key")).toHaveText(`ssh-ed25519 ${lab.hostKeyFingerprint}`, { timeout: 30_000 });

  const id = deviceUrl.split("/").at(-1)!;
  await asSeedingAdmin(async (api, csrf) => {
    const saved = await api.put(`/api/v1/devices/${id}/policy`, { headers: { "x-csrf-token": csrf }, data: { ...linksIntent(), reason: "links" } });
    expect(saved.status(), await saved.text()).toBe(200);
  });
});

test("[pools-linux] a pool of three backends through the form, with an HTTP check, pushed", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(`${deviceUrl}/policy`);
  await page.getByRole("button", { name: "Read interfaces from the device" }).click();
  await expect(page.getByTestId("interfaces-read")).toContainText(lab.pool.interface, { timeout: 30_000 });
  await page.getByRole("button", { name: "Add server pool" }).click();
  const pool = page.getByTestId("pool-card");
  await pool.getByLabel("Pool name").fill("web");
  await pool.getByLabel("Listens on interface").selectOption(lab.pool.interface);
  await pool.getByLabel("Listen address").fill(lab.pool.address);
  await pool.getByLabel("Port", { exact: true }).first().fill(String(lab.pool.port));
  await pool.getByLabel("Check", { exact: true }).selectOption("http");
  await pool.getByLabel("Path", { exact: true }).fill("/health");
  await pool.getByLabel("Check interval").fill("500");
  await pool.getByLabel("Check timeout").fill("300");
  await expect(pool.getByTestId("pool-detection-time")).toHaveText("A dead backend is out after about 1.0 s and back about 1.0 s after it answers again.");
  for (const [i, backend] of lab.backends.entries()) {
    if (i > 0) await pool.getByRole("button", { name: "Add backend to pool web" }).click();
    const line = pool.locator("fieldset[aria-label^='backend']").nth(i);
    await line.getByLabel("Backend name").fill(backend.name);
    await line.getByLabel("Address").fill(backend.address);
    await line.getByLabel("Port", { exact: true }).fill(String(backend.port));
  }
  await expect(page.getByTestId("draft-problem-count")).toHaveCount(0);

  await page.getByRole("button", { name: "Review & push" }).click();
  const review = page.getByRole("dialog", { name: `Review changes to ${NAME}` });
  await expect(review.getByTestId("review-plan")).toBeVisible({ timeout: 60_000 });
  await dismissNotices(page);
  await screenshot(page, testInfo, "20-pool-review");
  await review.getByLabel("Why this change (kept in the history)").fill("e2e: pool web on the gateway");
  await review.getByRole("button", { name: "Save and push" }).click();
  await expect(review.getByTestId("push-outcome")).toContainText("Push confirmed", { timeout: 120_000 });
  await review.getByRole("button", { name: "Close" }).click();
});

test("[pools-linux] each backend's health and new connections follow real traffic", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(`${deviceUrl}/pools`);
  await expect(page).toHaveTitle(/Pools/);
  await expect(page.getByTestId("pool-web")).toContainText(`${lab.pool.address}:${lab.pool.port}/tcp on ${lab.pool.interface}`);
  await expect(page.getByTestId("pool-web")).toContainText("check: HTTP GET /health expecting 200 every 500 ms");
  await everyBackendUp(page);
  // Connections keep coming while the page watches: every backend's rate rises above zero.
  // Settled to a value either way, so a failed poll below never leaves a rejection unhandled.
  const load = traffic(3000, 4).catch((error: unknown) => error);
  for (const b of lab.backends) await expect.poll(() => number(row(page, b.name).getByTestId("backend-new")), { timeout: 30_000 }).toBeGreaterThan(0);
  await shots(page, testInfo, "20-pools-linux-live");
  const done = await load;
  if (done instanceof Error) throw done;
  const counted = done as Awaited<ReturnType<typeof traffic>>;
  expect(counted.failed).toBe(0);
  for (const b of lab.backends) expect(counted.names[b.name] ?? 0).toBeGreaterThan(0);
});

test("[pools-linux] the Trends tab and /metrics carry each backend of the Linux pool", async ({ page }, testInfo) => {
  await page.goto(`${deviceUrl}/trends`);
  for (const b of lab.backends) {
    const region = page.getByRole("region", { name: `Backend web/${b.name}` });
    await expect(region).toBeVisible({ timeout: 30_000 });
    await expect(region.getByTestId("trend-canvas").locator("canvas")).toHaveCount(1);
  }
  await dismissNotices(page);
  await screenshot(page, testInfo, "20-pools-linux-trends");

  const token = await asSeedingAdmin(async (api, csrf) => {
    const created = await api.post("/api/v1/tokens", { headers: { "x-csrf-token": csrf }, data: { name: "20-pools-linux scrape", role: "viewer" } });
    expect(created.status(), await created.text()).toBe(201);
    return ((await created.json()) as { token: string }).token;
  });
  // A scraper has the token and nothing else (no session cookie).
  const scraper = await request.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  const scrape = await scraper.get("/metrics", { headers: { authorization: `Bearer ${token}` } });
  expect(scrape.status()).toBe(200);
  const text = await scrape.text();
  await scraper.dispose();
  for (const b of lab.backends) {
    const labels = `device="${NAME}",pool="web",backend="${b.name}"`;
    expect(text).toContain(`waymark_backend_up{${labels}} 1`);
    const line = text.split("\n").find((l) => l.startsWith(`waymark_backend_new_connections_total{${labels}} `));
    expect(Number(line?.split(" ").at(-1))).toBeGreaterThan(0);
  }
});

test("[pools-linux] drain the backend holding a connection: it keeps it and gets no new ones; re-enable it", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  held = hold();
  const log = held.log;
  await expect.poll(() => answers(log).find((a) => a.name !== undefined)?.name, { timeout: 15_000 }).toBeDefined();
  const owner = answers(log).find((a) => a.name !== undefined)!.name!;

  await page.goto(`${deviceUrl}/pools`);
  await everyBackendUp(page);
  await expect.poll(() => number(row(page, owner).getByTestId("backend-open")), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  await row(page, owner)
    .getByRole("button", { name: `Drain ${owner}` })
    .click();
  const dialog = page.getByRole("dialog", { name: `Drain ${owner} in pool web?` });
  await expect(dialog).toContainText("takes no new connections");
  await dialog.getByLabel(/Reason/).fill("kernel update");
  await dialog.getByRole("button", { name: `Drain ${owner}` }).click();
  await expect(dialog.getByTestId("push-outcome")).toContainText(/confirmed/i, { timeout: 120_000 });
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(row(page, owner).getByTestId("backend-health")).toContainText("draining", { timeout: 15_000 });

  // The held connection is still answered by its backend, and counted open there.
  const drainedAt = Date.now();
  await expect.poll(() => answers(log).filter((a) => a.t > drainedAt + 1_000 && a.name === owner).length, { timeout: 15_000 }).toBeGreaterThan(2);
  expect(answers(log).filter((a) => a.event === "closed" || a.event === "error")).toEqual([]);
  await expect(row(page, owner).getByTestId("backend-maintenance")).toContainText(/draining: \d+ open connections?/, { timeout: 15_000 });
  // New connections go to the others only.
  const after = await traffic(300);
  expect(after.failed).toBe(0);
  expect(after.names[owner] ?? 0).toBe(0);
  expect(Object.values(after.names).reduce((a, b) => a + b, 0)).toBe(300);
  await shots(page, testInfo, "20-pools-linux-draining");

  await row(page, owner)
    .getByRole("button", { name: `Re-enable ${owner}` })
    .click();
  const again = page.getByRole("dialog", { name: `Re-enable ${owner} in pool web?` });
  await again.getByLabel(/Reason/).fill("patched");
  await again.getByRole("button", { name: `Re-enable ${owner}` }).click();
  await expect(again.getByTestId("push-outcome")).toContainText(/confirmed/i, { timeout: 120_000 });
  await again.getByRole("button", { name: "Close" }).click();
  await everyBackendUp(page);
  const back = await traffic(300);
  expect(back.names[owner] ?? 0).toBeGreaterThan(0);
  held.child.kill("SIGTERM");
  rmSync(log, { force: true });
});
