import { defineConfig } from "@playwright/test";

import { chromium } from "./e2e/support/backend";

// End-to-end tests in Debian's Chromium (never a Playwright browser download) against the real
// backend: e2e/support/global-setup.ts starts uvicorn on a fresh, migrated SQLite database on a
// free port, serving the API and the built SPA (`make spa`), and every spec file shares it
// through the `baseURL` fixture of e2e/support/fixtures.ts. A new spec file (e.g. one for
// /api/docs) only needs `import { test, expect } from "./support/fixtures"`.
export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  outputDir: "test-results",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  projects: [
    // First, on the fresh database: screenshots that show only the content they seed.
    { name: "screenshots", testMatch: /screenshots\.spec\.ts$/ },
    { name: "e2e", testIgnore: /(screenshots|live)\.spec\.ts$/, dependencies: ["screenshots"] },
    // Last, alone: live updates, whose "N new articles" counts every article anyone publishes.
    { name: "live", testMatch: /live\.spec\.ts$/, dependencies: ["e2e"] },
  ],
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    colorScheme: "light",
    locale: "en-US",
    timezoneId: "UTC",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // Debian's Chromium and its flags, as every browser test here (tests/browser.json).
    launchOptions: chromium(),
  },
});
