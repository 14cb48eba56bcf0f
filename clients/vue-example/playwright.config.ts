import { defineConfig } from '@playwright/test';

import { chromium } from '../../frontend/e2e/support/backend';

// The starter's browser test, in Debian's Chromium against the real API: e2e/global-setup.ts
// starts uvicorn on a fresh SQLite database, serving the built starter (dist/) as its SPA.
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1100, height: 800 },
    trace: 'retain-on-failure',
    // Debian's Chromium and its flags, as every browser test here (tests/browser.json).
    launchOptions: chromium(),
  },
});
