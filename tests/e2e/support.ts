// Shared by the end-to-end specs and the global setup/teardown: where run state lives, the first-run admin (who
// seeds each spec's own users, seed.ts), the labs' connection details, and small page helpers.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, type Page, type TestInfo } from "@playwright/test";
import type { GatewayLab } from "../../lab";
import type { WanLabCliDetails } from "../../lab/wan-lab-cli";

export const E2E_PORT = 3210;
/** Parallel workers (WAYMARK_E2E_WORKERS, default 2): the specs seed their own data, so any number is correct. */
export const E2E_WORKERS = workersFromEnv(process.env.WAYMARK_E2E_WORKERS);
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const ROOT_DIR = fileURLToPath(new URL("../../", import.meta.url));
/** Run state (lab details, simulated routers); root-only, gitignored, removed by the teardown. */
export const STATE_DIR = fileURLToPath(new URL("./.state/", import.meta.url));
export const LAB_FILE = path.join(STATE_DIR, "gateway-lab.json");
/**
 * The dual-WAN labs (`lab/wan-lab-cli.ts up --lab=<name>`): gateways Waymark pushes policies to, one per spec that
 * changes one, so specs running side by side never push to the same gateway.
 */
export const WAN_LABS = ["lb", "wizard", "drill"] as const;
export type WanLabName = (typeof WAN_LABS)[number];
export const wanLabFile = (name: WanLabName) => path.join(STATE_DIR, `wan-lab-${name}.json`);

/** Created through the browser by first-run.setup.ts; the specs sign in as users they seed (seed.ts), never as it. */
export const ADMIN = { username: "admin", password: "e2e admin password 1" } as const;

function workersFromEnv(value: string | undefined): number {
  if (value === undefined || value === "") return 2;
  if (!/^[1-9]\d?$/.test(value)) throw new Error(`WAYMARK_E2E_WORKERS=${value}: expected a number of workers, 1–99`);
  return Number(value);
}

/** What `npx tsx lab/gateway-lab.ts up` prints: a real OpenSSH server in a network namespace. */
export type GatewayLabDetails = Pick<
  GatewayLab,
  "host" | "port" | "username" | "password" | "privateKey" | "encryptedKey" | "passphrase" | "blackholeHost" | "hostname"
> & { tag: string; hostKeyFingerprint: string };

/** Lab addresses are 10.213.<block>.0/24, routed only into the lab's own namespaces. */
export function assertLabAddress(host: string): void {
  if (!/^10\.213\.\d{1,3}\.\d{1,3}$/.test(host)) throw new Error(`gateway lab host ${host} is outside 10.213.0.0/16`);
}

export function labDetails(): GatewayLabDetails {
  const details = JSON.parse(readFileSync(LAB_FILE, "utf8")) as GatewayLabDetails;
  assertLabAddress(details.host);
  return details;
}

/** What `npx tsx lab/wan-lab-cli.ts up` prints: the WAN lab's gateway (root by key), its ISPs and LAN. */
export type WanLabDetails = WanLabCliDetails;

/** "lb" is the load-balancing spec's (06); "wizard" and "drill" belong to the specs of those names. */
export function wanLabDetails(name: WanLabName = "lb"): WanLabDetails {
  const details = JSON.parse(readFileSync(wanLabFile(name), "utf8")) as WanLabDetails;
  assertLabAddress(details.host);
  return details;
}

export type LabTrafficSummary = { total: number; ok: number; failed: number; byLink: Record<string, number>; errors: Record<string, number> };

/** Opens `count` TCP connections from a LAN client of the named lab to its internet host (inside the lab's namespaces). */
export async function labTraffic(count: number, name: WanLabName): Promise<LabTrafficSummary> {
  const { stdout } = await promisify(execFile)(
    path.join(ROOT_DIR, "node_modules/.bin/tsx"),
    ["lab/wan-lab-cli.ts", "traffic", String(count), "lan1", `--lab=${name}`],
    {
      cwd: ROOT_DIR,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout) as LabTrafficSummary;
}

/** Full-page screenshot kept as test-results/screenshots/<name>.png and attached to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = path.join(testInfo.project.outputDir, "screenshots");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** The session's CSRF token, as the dashboard's own forms read it. */
export async function csrfToken(page: Page): Promise<string> {
  const token = await page.locator('meta[name="csrf-token"]').getAttribute("content");
  if (!token) throw new Error("page has no csrf-token meta tag (not signed in?)");
  return token;
}

export async function signIn(page: Page, account: { username: string; password: string }): Promise<void> {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices$/);
  await expect(page.getByTestId("current-user")).toContainText(account.username);
}

/**
 * Records every dialog (alert/confirm/prompt) the page opens. Dialogs are dismissed unless a test announced one
 * with acceptNext(), so a stray alert() can never block the page and always shows up in `seen`.
 */
export class DialogWatcher {
  readonly seen: { type: string; message: string }[] = [];
  private acceptOne = false;

  constructor(page: Page) {
    page.on("dialog", (dialog) => {
      this.seen.push({ type: dialog.type(), message: dialog.message() });
      const accept = this.acceptOne;
      this.acceptOne = false;
      void (accept ? dialog.accept() : dialog.dismiss()).catch(() => {});
    });
  }

  acceptNext(): void {
    this.acceptOne = true;
  }
}

/** Closes the transient notices (bottom right) so they don't cover a screenshot. */
export async function dismissNotices(page: Page): Promise<void> {
  const dismiss = page.getByRole("button", { name: "Dismiss" });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}
