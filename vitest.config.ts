// Unit tests: one file per source file under test/unit/. Files that touch the DOM (cookies,
// storage, window events, React) run in happy-dom's window; the rest in plain Node, which spares
// each of them happy-dom's start-up (about a minute of CPU over the whole suite).
import { defineConfig } from 'vitest/config';

/** Directories and files that need no window: plain Node. Anything not listed gets happy-dom. */
const NODE_ONLY = [
  'test/unit/defences/**/*.test.ts',
  'test/unit/delivery/**/*.test.ts',
  'test/unit/examples/**/*.test.ts',
  'test/unit/partner/**/*.test.ts',
  'test/unit/scripts/**/*.test.ts',
  'test/unit/server/**/*.test.ts',
  'test/unit/capture/clickId.test.ts',
  'test/unit/capture/cookieDomain.test.ts',
  'test/unit/engine/checks.test.ts',
  'test/unit/engine/pace.test.ts',
  'test/unit/engine/problems.test.ts',
  'test/unit/outcome/DubTrackError.test.ts',
  'test/unit/outcome/eventId.test.ts',
  'test/unit/validation/httpUrl.test.ts',
  'test/unit/validation/parity.test.ts',
  'test/unit/validation/paymentProcessor.test.ts',
  'test/unit/validation/run.test.ts',
  'test/unit/validation/schemas.test.ts',
  'test/unit/validation/validate.test.ts',
  'test/unit/dist.test.ts',
  'test/unit/inject.test.ts',
];
const ALL = ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'];

export default defineConfig({
  // What scripts/build.mjs defines for the ES module build.
  define: { __CLASSIC_SCRIPT__: 'false', __VERSION__: '"test"' },
  test: {
    // A bound on a stuck test, not a speed check: npm test runs these beside a browser suite on
    // two cores, where fast-check's thousand cases per property once took over vitest's 5 s, and
    // at load average 60 over 30 s.
    testTimeout: 120_000,
    // One module graph and one window per worker for all files: each file in a fresh one cost
    // twice the CPU (45 against 22 s for the same 601 tests), taken from the browser suites that
    // npm test runs beside these. The source keeps no module state, and every file passes either way.
    isolate: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/unit.json' },
    projects: [
      {
        extends: true,
        test: { name: 'node', include: NODE_ONLY, environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          include: ALL,
          exclude: NODE_ONLY,
          environment: 'happy-dom',
          // The public types, checked against the shipped declarations (dist/*.d.ts): `*.test-d.ts`
          // files that tsc checks (expectTypeOf, @ts-expect-error), each `it` counted as a test.
          typecheck: {
            enabled: true,
            include: ['test/types/**/*.test-d.ts'],
            tsconfig: 'test/types/tsconfig.json',
          },
        },
      },
    ],
  },
});
