// `npm run fuzz`: the hostile-page property suite (test/e2e/hostileFuzz.spec.ts) over many more
// pages than `npm test` runs. FUZZ_SEED picks the pages (default: a new one, printed, so a failure
// can be replayed with it); FUZZ_COUNT how many (default 200).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const count = process.env.FUZZ_COUNT ?? '200';
console.log(`hostile pages: FUZZ_SEED=${seed} FUZZ_COUNT=${count}`);
const result = spawnSync(
  path.join(root, 'node_modules', '.bin', 'playwright'),
  ['test', 'test/e2e/hostileFuzz.spec.ts', '--reporter=line', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FUZZ_SEED: seed, FUZZ_COUNT: count } },
);
if (result.status !== 0) console.log(`replay: FUZZ_SEED=${seed} FUZZ_COUNT=${count} npm run fuzz`);
process.exitCode = result.status ?? 1;
