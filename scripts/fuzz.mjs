// `npm run fuzz`: the hostile-page property suite over many more pages than `npm test` runs: the
// pages with an API host in the three-engine harness (test/browsers/hostileFuzz.test.ts, here in
// Chromium), those that send to Dub's own API in Playwright (test/e2e/hostileFuzz.spec.ts). FUZZ_SEED picks the pages (default: a new one, printed, so a failure
// can be replayed with it); FUZZ_COUNT how many (default 200).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const count = process.env.FUZZ_COUNT ?? '200';
console.log(`hostile pages: FUZZ_SEED=${seed} FUZZ_COUNT=${count}`);
const env = { ...process.env, FUZZ_SEED: seed, FUZZ_COUNT: count };
const results = [
  spawnSync(
    process.execPath,
    ['scripts/e2e.mjs', '--engine', 'chromium', '--', 'test/browsers/hostileFuzz.test.ts'],
    { cwd: root, stdio: 'inherit', env },
  ),
  spawnSync(
    path.join(root, 'node_modules', '.bin', 'playwright'),
    ['test', 'test/e2e/hostileFuzz.spec.ts', '--reporter=line', ...process.argv.slice(2)],
    { cwd: root, stdio: 'inherit', env },
  ),
];
const failed = results.some((result) => result.status !== 0);
if (failed) console.log(`replay: FUZZ_SEED=${seed} FUZZ_COUNT=${count} npm run fuzz`);
process.exitCode = failed ? 1 : 0;
