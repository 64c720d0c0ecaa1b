// Unit tests: one file per source file under test/unit/, in happy-dom's window.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'happy-dom',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/unit.json' },
  },
});
