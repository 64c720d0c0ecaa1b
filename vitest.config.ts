// Unit tests: one file per source file under test/unit/, in happy-dom's window.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // What scripts/build.mjs defines for the ES module build.
  define: { __CLASSIC_SCRIPT__: 'false', __VERSION__: '"test"' },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'happy-dom',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/unit.json' },
  },
});
