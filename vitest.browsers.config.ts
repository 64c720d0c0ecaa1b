// The engine-neutral end-to-end suite (test/browsers): each scenario once, run in the engine
// named by DUB_ENGINE. Node environment: the browsers are driven, not emulated.
// `node scripts/e2e.mjs --engine firefox` sets it up; see test/browsers/README.md.
import { defineConfig } from 'vitest/config';

const engine = process.env.DUB_ENGINE ?? 'chromium';
const workers = Number(process.env.DUB_E2E_WORKERS) || 1;

export default defineConfig({
  test: {
    include: ['test/browsers/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/browsers/globalSetup.ts'],
    // Each worker runs its own browser: bounded, the machine has two cores for everything.
    pool: 'forks',
    maxWorkers: workers,
    fileParallelism: workers > 1,
    // Files of one worker share its browser (harness.ts); each test still gets a fresh session.
    isolate: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    retry: 0,
    // WebdriverIO logs every session it opens at info level.
    env: { WDIO_LOG_LEVEL: 'error' },
    expect: { poll: { timeout: 15_000, interval: 50 } },
    reporters: ['default', 'json'],
    outputFile: { json: `test-results/browsers-${engine}.json` },
  },
});
