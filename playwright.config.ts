import { defineConfig } from "@playwright/test";
import { BASE_URL, E2E_PORT } from "./tests/e2e/support";

// End-to-end tests: Debian's Chromium against the production server (scripts/serve.mjs, the built app) on
// 127.0.0.1, with a fresh data directory per run and a real OpenSSH gateway in a network namespace
// (tests/e2e/global-setup.ts). Every spec shares that one server and database, so the run is strictly serial:
// the "first-run" project creates the admin, then the "dashboard" specs run file by file in name order.
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
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
    { name: "dashboard", testMatch: /\.spec\.ts$/, dependencies: ["first-run"] },
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
