import { defineConfig } from '@playwright/test';

// The desktop smoke test: Playwright's Electron driver against the packaged app (see
// smoke.spec.ts). No browser is needed. Where there is no packaged app, or no Electron to make one,
// the test is skipped and says why.
// eslint-disable-next-line no-restricted-syntax -- Playwright reads its configuration from the default export.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  // Starting a packaged app, a first catalog sync and a clean quit, on a cold CI machine.
  timeout: 300_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../.tmp/playwright-electron-results.json' }]],
  outputDir: '../test-results/electron',
});
