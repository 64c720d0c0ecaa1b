// Unit tests: one file per source file under test/unit/, in happy-dom's window.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // What scripts/build.mjs defines for the ES module build.
  define: { __CLASSIC_SCRIPT__: 'false', __VERSION__: '"test"' },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    // The public types, checked against the shipped declarations (dist/*.d.ts): `*.test-d.ts`
    // files that tsc checks (expectTypeOf, @ts-expect-error), each `it` counted as a test.
    typecheck: {
      enabled: true,
      include: ['test/types/**/*.test-d.ts'],
      tsconfig: 'test/types/tsconfig.json',
    },
    environment: 'happy-dom',
    // A bound on a stuck test, not a speed check: npm test runs these beside three browser lanes on
    // two cores, where fast-check's hundreds of cases per property once took over vitest's 5 s.
    testTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/unit.json' },
  },
});
