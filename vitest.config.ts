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
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/unit.json' },
  },
});
