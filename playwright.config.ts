import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './training/browser';
import { TEST_MODE } from './scripts/builds';

/**
 * Browser tests run against the test build (`vite build --mode test`: the production build
 * plus tools.html and the game's `?replay=` mode) served by `vite preview --mode test`, with
 * the production CSP. E2E_PORT lets several checkouts run their browser tests at once.
 */
const PORT = Number(process.env.E2E_PORT) || 4173;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 240_000,
  expect: { timeout: 60_000 },
  // Holistic takes a core per page on software GL; parallel pages only slow each other.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    launchOptions: chromiumLaunchOptions(),
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --mode ${TEST_MODE} --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
