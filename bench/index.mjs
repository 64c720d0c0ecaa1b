// `npm run bench`: every figure of the fast-path table in one run, in headless Chromium on
// loopback, each next to its baseline measured in the same run (a bare `fetch` doing the same
// posts, or a script of the same size that does nothing), printed and written to
// bench/RESULTS.md. Dub's own script cannot be fetched here (nor may its code be kept in this
// repository), so its figures are the reference ones measured earlier on this machine.
import { readFileSync, writeFileSync } from 'node:fs';
import { LIMITS } from '../scripts/size.mjs';
import { BEFORE, measureLanding } from './core.mjs';
import { measureDelivery } from './delivery.mjs';
import { startBench } from './harness.mjs';
import { removeSection, table, writeSection } from './results.mjs';

const TIME_LIMIT_MS = 20 * 60_000;
const guard = setTimeout(() => {
  console.error(`bench: still running after ${TIME_LIMIT_MS / 60_000} min, giving up`);
  process.exit(1);
}, TIME_LIMIT_MS);
guard.unref();

/** Dub's script (`dubinc/analytics`, conversion-tracking build) and a bare `fetch`, as measured before. */
const DUB = {
  coreBytes: 2142,
  cpuMs: 3.5,
  wallMs: 7.0,
  /** dub-track's core of that time (bench/core.mjs BEFORE), measured alongside Dub's. */
  beforeCpuMs: 4.3,
  beforeWallMs: 11.4,
  cookieWrites: 1,
  firstSaleMs: 8.5,
  firstSaleFetchMs: 7.6,
  fetchEventsPerS: 280,
  fetchTaskMs: 5.8,
  heapKB: 85,
};

// `--report`: the table again from the figures of the last run (bench/results.json), measuring nothing.
const saved = new URL('./results.json', import.meta.url);
let landing;
let delivery;
if (process.argv.includes('--report'))
  ({ landing, delivery } = JSON.parse(readFileSync(saved, 'utf8')));
else {
  const bench = await startBench();
  try {
    console.error('bench: landing page…');
    landing = await measureLanding(bench);
    console.error('bench: checkout (first sale, burst, storage, heap)…');
    delivery = await measureDelivery(bench);
  } finally {
    await bench.close();
  }
  writeFileSync(saved, `${JSON.stringify({ landing, delivery }, null, 2)}\n`);
}

const ms = (value) => `${value.toFixed(1)} ms`;
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : '—');
const verdict = (ok) => (ok ? 'yes' : '**no**');
const { sizes, cpu, evaluate, wall, cookieWrites } = landing;
/** dub-track now against Dub, through the core of before measured in this run and in Dub's. */
const scaled = (figure, beforeThen, dub) => (figure.core / figure.before) * (beforeThen / dub);
const toDub = (figure, beforeThen, dub) =>
  figure.before ? `${scaled(figure, beforeThen, dub).toFixed(2)} (est.)` : '—';
const before = (figure) => (figure.before ? `; ${ms(figure.before)} (core before)` : '');
const { firstSale, burst, storage, heap } = delivery;
const perLead = (n) => {
  const { getItem, setItem, removeItem, scans } = storage[n];
  return { reads: getItem / n, writes: (setItem + removeItem) / n, scans: scans / n };
};
const ops = (n) => {
  const { getItem, setItem, removeItem, scans } = storage[n];
  const per = perLead(n);
  return `${getItem} \`getItem\`, ${setItem} \`setItem\`, ${removeItem} \`removeItem\`, ${scans} key scans (per lead: ${per.reads.toFixed(1)} reads, ${per.writes.toFixed(1)} writes)`;
};
const opsPerLead = (n) => {
  const per = perLead(n);
  return per.reads + per.writes + per.scans;
};
const kb = (bytes) => bytes / 1024;
const heapOver = kb(heap.tracker - heap.empty);
const fetchHeapOver = kb(heap.fetch - heap.empty);
const per200 = perLead(burst.n);

/** The two bare loops a burst is set against: answers left unread, and read (the ratio to that one too). */
const burstBaseline = ({ tracker, fetch, fetchRead }) =>
  `${fetch.toFixed(0)} (\`fetch\`, ${burst.concurrency} at a time, answers unread); ${fetchRead.toFixed(0)} (answers read, as Dub's \`trackLead\` does: ratio ${ratio(tracker, fetchRead)})`;
/** Met against the loop that leaves answers unread; said when it is met only against the other. */
const burstVerdict = ({ tracker, fetch, fetchRead }) =>
  tracker >= 0.8 * fetch
    ? 'yes'
    : tracker >= 0.8 * fetchRead
      ? '**no** (yes against the loop that reads its answers)'
      : '**no**';

const rows = [
  [
    'core bytes, gzip -9',
    `${sizes.core} B`,
    '—',
    '—',
    `${DUB.coreBytes} B`,
    ratio(sizes.core, DUB.coreBytes),
    `≤ ${LIMITS.core} B`,
    verdict(sizes.core <= LIMITS.core),
  ],
  [
    'landing page: script CPU time (trace `EvaluateScript`, thread time)',
    ms(cpu.core),
    `${ms(cpu.empty)} (empty script, ${landing.bytes} B)${before(cpu)}`,
    ratio(cpu.core, cpu.empty),
    ms(DUB.cpuMs),
    toDub(cpu, DUB.beforeCpuMs, DUB.cpuMs),
    '≤ 1.0 × Dub',
    cpu.before ? verdict(scaled(cpu, DUB.beforeCpuMs, DUB.cpuMs) <= 1) : '—',
  ],
  [
    'landing page: `EvaluateScript` duration (waits on the browser included)',
    ms(evaluate.core),
    `${ms(evaluate.empty)} (empty script)${before(evaluate)}`,
    ratio(evaluate.core, evaluate.empty),
    ms(DUB.cpuMs),
    toDub(evaluate, DUB.beforeCpuMs, DUB.cpuMs),
    '—',
    '—',
  ],
  [
    'landing page: wall time (marks around the tag, its fetch included)',
    ms(wall.core),
    `${ms(wall.empty)} (empty script)${before(wall)}`,
    ratio(wall.core, wall.empty),
    ms(DUB.wallMs),
    toDub(wall, DUB.beforeWallMs, DUB.wallMs),
    '—',
    '—',
  ],
  [
    'cookie writes on a landing with a new `?dub_id=`',
    String(cookieWrites.newClick),
    '—',
    '—',
    String(DUB.cookieWrites),
    ratio(cookieWrites.newClick, DUB.cookieWrites),
    '≤ 2',
    verdict(cookieWrites.newClick <= 2),
  ],
  [
    'cookie writes when the same link is opened again',
    String(cookieWrites.sameClick),
    '—',
    '—',
    '—',
    '—',
    '0',
    verdict(cookieWrites.sameClick === 0),
  ],
  [
    'first sale, cold cache: call → POST at the endpoint, page preloads the engine',
    ms(firstSale.preload),
    `${ms(firstSale.fetch)} (\`fetch\`, same request); ${ms(firstSale.fetchPlain)} (without \`keepalive\`: ratio ${ratio(firstSale.preload, firstSale.fetchPlain)})`,
    ratio(firstSale.preload, firstSale.fetch),
    `${ms(DUB.firstSaleMs)} (\`fetch\` ${ms(DUB.firstSaleFetchMs)})`,
    ratio(firstSale.preload, DUB.firstSaleMs),
    '≤ 1.5 × `fetch`',
    verdict(firstSale.preload <= 1.5 * firstSale.fetch),
  ],
  [
    'first sale, cold cache: call → POST at the endpoint, no preload',
    ms(firstSale.plain),
    `${ms(firstSale.fetch)} (\`fetch\`)`,
    ratio(firstSale.plain, firstSale.fetch),
    ms(DUB.firstSaleMs),
    ratio(firstSale.plain, DUB.firstSaleMs),
    '—',
    '—',
  ],
  [
    `${burst.n} leads at once: events/s`,
    burst.tracker.toFixed(0),
    burstBaseline(burst),
    ratio(burst.tracker, burst.fetch),
    `— (\`fetch\` ${DUB.fetchEventsPerS})`,
    '—',
    '≥ 0.8 × `fetch`',
    burstVerdict(burst),
  ],
  [
    `${burst.n} leads at once, secure context (\`localhost\`, as on https: a Web Lock per event): events/s`,
    burst.secure.tracker.toFixed(0),
    burstBaseline(burst.secure),
    ratio(burst.secure.tracker, burst.secure.fetch),
    '—',
    '—',
    '≥ 0.8 × `fetch`',
    burstVerdict(burst.secure),
  ],
  [
    `main thread blocked after firing ${burst.n} calls (longest task)`,
    `${ms(burst.trackerTask.ms)} (CPU ${ms(burst.trackerTask.cpuMs)})`,
    `${ms(burst.fetchTask.ms)} (CPU ${ms(burst.fetchTask.cpuMs)}; \`fetch\`, ${burst.concurrency} at a time)`,
    ratio(burst.trackerTask.ms, burst.fetchTask.ms),
    `— (\`fetch\` ${ms(DUB.fetchTaskMs)})`,
    '—',
    '< 50 ms',
    verdict(burst.trackerTask.ms < 50),
  ],
  [
    `storage operations for ${burst.n} leads`,
    ops(burst.n),
    '0 (`fetch`)',
    '—',
    '0',
    '—',
    '≤ 4 reads and ≤ 4 writes per lead',
    verdict(per200.reads <= 4 && per200.writes <= 4 && per200.scans === 0),
  ],
  [
    'storage operations per lead, burst of 1,000 vs 100',
    `${opsPerLead(1000).toFixed(1)} vs ${opsPerLead(100).toFixed(1)}`,
    '—',
    ratio(opsPerLead(1000), opsPerLead(100)),
    '—',
    '—',
    'within 10%',
    verdict(Math.abs(opsPerLead(1000) / opsPerLead(100) - 1) <= 0.1),
  ],
  [
    'JS heap after one sale (after GC), over a page with the empty script',
    `+${heapOver.toFixed(0)} KB`,
    `+${fetchHeapOver.toFixed(0)} KB (one \`fetch\` post)`,
    ratio(heapOver, fetchHeapOver),
    `+${DUB.heapKB} KB`,
    ratio(heapOver, DUB.heapKB),
    '≤ 170 KB (2 × Dub)',
    verdict(heapOver <= 2 * DUB.heapKB),
  ],
];

const summary = table(
  [
    'figure',
    'dub-track',
    'baseline, same run',
    'ratio',
    "Dub's script (reference)",
    'ratio to Dub',
    'target',
    'met',
  ],
  rows,
);
const sizeTable = table(
  ['what a page downloads', 'gzip -9 bytes', 'limit'],
  [
    ['landing page: `dist/dub-track.js` (core)', sizes.core, LIMITS.core],
    [`checkout adds \`dist/${sizes.engineFile}\` (engine)`, sizes.engine, '—'],
    ['core + everything a sale loads', sizes.sale, LIMITS.sale],
  ],
);
const storageTable = table(
  ['leads at once', 'delivered', '`getItem`', '`setItem`', '`removeItem`', 'key scans'],
  Object.entries(storage).map(([n, counts]) => [
    n,
    counts.delivered,
    counts.getItem,
    counts.setItem,
    counts.removeItem,
    counts.scans,
  ]),
);

// Sections of RESULTS.md; the others (other benchmarks') are kept.
writeSection(
  'Fast path',
  `Written by \`npm run bench\` (\`bench/index.mjs\`, measuring with \`bench/core.mjs\` and \`bench/delivery.mjs\`) in one run: headless Chromium (Debian) on loopback, the site on \`http://www.shop.test:PORT\` and the Dub-like collector of \`test/fixtures/collector.mjs\` on \`http://127.0.0.1:PORT\` (another origin, so posts need a CORS preflight, as on a real site). Every figure has its baseline measured in the same run, interleaved with it; Dub's figures are the reference ones measured earlier on this machine with Dub's own script (conversion-tracking build), which the bench cannot fetch. A 2-core machine that other work shares: absolute times vary from run to run, ratios less.

${summary}

How each figure is taken:

- **Landing page**: median of ${landing.runs} fresh profiles opening \`/landing?dub_id=<new>\`, whose parser-blocking tag is the core (${landing.bytes} B), an empty script of the same size, or the core before the fast-path work (commit \`${BEFORE}\`, the build measured at ${DUB.beforeCpuMs} ms against Dub's ${DUB.cpuMs} ms). CPU: the thread time of the tag's \`EvaluateScript\` events in a \`devtools.timeline\` trace (their duration also counts the waits on the browser for cookies and storage, and the machine's other work). "ratio to Dub" for these rows is an estimate: dub-track now over the core before, both from this run, times the core before over Dub's script, both from the reference run. Wall: between two \`performance.mark\`s around the tag (its fetch included). Cookie writes: \`document.cookie\` assignments counted by an init script, on a fresh profile, then the same link again.
- **First sale**: median of ${firstSale.runs} fresh contexts (cold cache, no preflight cached), page idle and nothing called yet (with \`data-preload="engine"\`: engine loaded); time from \`dubTrack.sale()\` in the page to the POST arriving at the collector. The baseline posts the same request with \`fetch\` from a page with the empty script: the same body and headers, with \`keepalive\` as the script sends it (so that a sale made just before a navigation arrives), and once more without \`keepalive\`, as Dub's script sends it. A preloading page has also had its engine warmed up while idle (a sale validated and sent through ky to a stand-in for \`fetch\`), so its first call runs compiled code.
- **Burst**: ${burst.n} leads called at once after a warm-up call (engine loaded, preflight cached); time until every promise settled, median of ${burst.runs} runs (lowest delivered: ${burst.delivered} of ${burst.n}); the site on \`http://www.shop.test\` (not a secure context: no Web Locks), and once more on \`http://localhost\` (a secure context, like https). The baselines post the same bodies with \`fetch\`, ${burst.concurrency} at a time, no retries, no storage: one only looks at each answer's status, the other also reads the answer, as Dub's own script's \`trackLead\` does (\`response.json()\`) and as the tracker must to return it; the ratio and the verdict are against the first. Longest task: the longest task on the page's main thread (trace \`toplevel\` \`RunTask\`: its duration, and the thread's CPU time in it) in a trace of one more run each, from the call that fires the burst until every promise settled.
- **Storage**: \`localStorage\` \`getItem\`/\`setItem\`/\`removeItem\` calls and key scans (\`Object.keys(localStorage)\` or reads of \`length\`) counted in the page from the first call of a burst until the page is idle again.
- **Heap**: \`Runtime.getHeapUsage\` after two forced collections, median of ${heap.runs} fresh contexts: a page that made one sale with dub-track, a page with the empty script that made one \`fetch\` post, and that page without any call (the zero). These pages are driven over CDP alone (\`Runtime.evaluate\`, no value returned), so no test-driver code is compiled in them. What the figure is made of (heap snapshots, this machine): about 60 kB are the DOM's element wrappers that any script reading its own tag (\`document.currentScript\`, as Dub's script does too) makes the browser build, about 35 kB the rest of the core, about 165 kB loading and starting the engine (ky's and valibot's code, compiled, and the schemas) and about 70 kB the code the first sale compiles; a page's later sales add none of it again.`,
);
writeSection(
  'Storage operations by burst size',
  `Written by \`npm run bench\` with the fast-path table (see there).\n\n${storageTable}`,
);
writeSection(
  'Size',
  `Written by \`npm run bench\`: node's zlib at level 9, the same figures \`npm test\` checks.\n\n${sizeTable}`,
);
// Written by the benchmarks this one replaced.
removeSection('Core evaluation');
removeSection('Delivery');
console.log(`${summary}\n\n${storageTable}\n\n${sizeTable}`);
