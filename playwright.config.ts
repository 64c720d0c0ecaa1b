// End-to-end tests in Debian's headless Chromium (no Playwright browser download).
// `*.shop.test` hosts resolve to 127.0.0.1, so specs can use real-looking domains for cookies.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/fixtures/chromium.mjs';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // Not the default `test-results/`: Playwright empties its output folder on start, which
  // would delete the unit results that `npm test` wrote there first.
  outputDir: 'test-results/e2e-artifacts',
  workers: 2,
  retries: 0,
  // A bound on a stuck test, not a speed check: npm test runs this lane beside the other engines'
  // on a 2-core machine, where starting a server that imports the dub SDK alone can take seconds
  // (at load average 38, the first-party shop scenario ran past 60 s).
  timeout: 120_000,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      // Debian's, or another build (DUB_CHROMIUM_PATH), as in the neutral suite.
      executablePath: CHROMIUM_PATH,
      args: [
        ...CHROMIUM_ARGS,
        // Fake subdomains on loopback; the second rule covers hosts written with a trailing dot.
        '--host-resolver-rules=MAP *.shop.test 127.0.0.1, MAP *.shop.test. 127.0.0.1',
      ],
    },
  },
});
