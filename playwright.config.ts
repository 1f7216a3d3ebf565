import { defineConfig } from "@playwright/test";
import { dashboardProjects } from "./tests/e2e/order";
import { BASE_URL, E2E_PORT, E2E_WORKERS } from "./tests/e2e/support";

/** The screenshot spec runs only when asked for (WAYMARK_E2E_UI_SHOTS=1). */
const OPT_IN = process.env.WAYMARK_E2E_UI_SHOTS === "1" ? [] : [/99-ui-shots\.spec\.ts$/];

// End-to-end tests: Debian's Chromium against the production server (scripts/serve.mjs, the built app) on
// 127.0.0.1, with a fresh data directory per run and a real OpenSSH gateway in a network namespace
// (tests/e2e/global-setup.ts). The "first-run" project creates the admin through the browser; then every
// "dashboard" spec seeds its own users, devices and policies under names of its own (tests/e2e/seed.ts), so the
// specs run in any order, in parallel (WAYMARK_E2E_WORKERS, default 2). A spec whose tests follow one device
// declares itself serial; the others' tests may each run in any worker. WAYMARK_E2E_ORDER=reverse|shuffle:<seed>
// runs the specs one by one in that order instead (tests/e2e/order.ts).
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: true,
  workers: E2E_WORKERS,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { outputFolder: "playwright-report", open: "never" }], ["json", { outputFile: "reports/playwright.json" }]],
  globalSetup: "./tests/e2e/global-setup.ts",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    headless: true,
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
    viewport: { width: 1280, height: 800 },
    locale: "en-US",
    timezoneId: "UTC",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "first-run", testMatch: /first-run\.setup\.ts$/ },
    ...dashboardProjects(process.env.WAYMARK_E2E_ORDER, OPT_IN).map((project) => ({ ...project, testIgnore: OPT_IN })),
  ],
  webServer: {
    command: "bash tests/e2e/serve.sh",
    url: `${BASE_URL}/api/v1/auth/status`,
    env: { WAYMARK_E2E_PORT: String(E2E_PORT), WAYMARK_E2E_DATA_DIR: `/tmp/waymark-e2e-${E2E_PORT}` },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
