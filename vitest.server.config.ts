// The server chaos suite (test/server/): dub-track/server's built dist/server.js in real processes
// with redis-server, nginx and the Dub stand-in. Run by `npm test`; alone: `npx vitest run -c vitest.server.config.ts`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/server/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    // Bounds on a stuck test, not speed checks: npm test runs this suite beside the browser lanes.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/server.json' },
  },
});
