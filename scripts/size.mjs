// Byte budgets, measured with node's zlib at gzip level 9: the core every page loads, and the core
// plus everything a sale loads. `BUDGETS` are issue 6's goals; `CEILINGS` are what `npm test`
// enforces. The sale budget is met and enforced as it is. The core's 1,700 B is not met: the
// core holds every landing-page feature of SPEC §3, §4, §6 and §8 plus issue 6's own raw-call
// keeping and NetworkError (README.md, Size, has the floor), so its ceiling sits just above
// today's size and is lowered as the core shrinks.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const BUDGETS = { core: 1_700, sale: 13_000 };
export const CEILINGS = { core: 2_250, sale: 13_000 };

const dist = new URL('../dist/', import.meta.url);
const gzip = (name) => gzipSync(readFileSync(new URL(name, dist)), { level: 9 }).length;

/** Sizes of the script-tag build: the core, the engine chunk, and what a sale downloads in all. */
export function measure() {
  const engine = readdirSync(dist).find((name) => /^dub-track\.engine\.[\da-f]+\.js$/.test(name));
  if (!engine) throw new Error('dist/ has no engine chunk: run npm run build');
  const core = gzip('dub-track.js');
  const engineBytes = gzip(engine);
  return { core, engine: engineBytes, sale: core + engineBytes, engineFile: engine };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = measure();
  const rows = [
    ['core (dist/dub-track.js)', sizes.core, 'core'],
    [`engine (dist/${sizes.engineFile})`, sizes.engine, null],
    ['core + everything a sale loads', sizes.sale, 'sale'],
  ];
  let over = 0;
  for (const [what, bytes, key] of rows) {
    let verdict = '';
    if (key) {
      const target =
        bytes <= BUDGETS[key] ? `meets target ${BUDGETS[key]}` : `target ${BUDGETS[key]} not met`;
      verdict =
        bytes <= CEILINGS[key]
          ? `≤ ceiling ${CEILINGS[key]}; ${target}`
          : `> ceiling ${CEILINGS[key]}: TOO BIG`;
      if (bytes > CEILINGS[key]) over++;
    }
    console.log(`${what.padEnd(48)} ${String(bytes).padStart(6)} B gzip -9  ${verdict}`);
  }
  process.exit(over ? 1 : 0);
}
