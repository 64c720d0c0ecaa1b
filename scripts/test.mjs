// `npm test`: every check and suite, continuing past failures so that all are counted: the build
// first, then the rest side by side, the browser suites two at a time
// (DUB_TEST_SLOTS; DUB_E2E_LANES=1: everything in turn), the server chaos suite last.
// The last line is always `N passed, N failed`; the exit code is 0 only when nothing failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ensureInstalled,
  HEAVY_SLOTS,
  printRows,
  runCommand,
  runSuites,
  SUITES,
  slots,
} from './e2e.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const unitResults = path.join(root, 'test-results', 'unit.json');

/** @type {{suite: string, passed: number, failed: number, note: string, skipped?: boolean, seconds?: number}[]} */
const rows = [];
const startedAt = Date.now();
let testsRun = 0;

function header(title) {
  console.log(`\n━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}`);
}

/** Runs a command with inherited output; returns its exit code (127 when it could not start). */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) console.error(`${command}: ${result.error.message}`);
  return result.status ?? 127;
}

/** Runs a command quietly; returns its exit code and output. */
function capture(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  return { status: result.status ?? 127, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Records a pass/fail check (one count). */
function check(suite, ok, note = '') {
  rows.push({ suite, passed: ok ? 1 : 0, failed: ok ? 0 : 1, note });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Records a test suite from its exit code and counts; a failure outside any test counts once. */
function suite(name, status, counts, resultsFile) {
  if (!counts) {
    rows.push({
      suite: name,
      passed: 0,
      failed: 1,
      note: `no ${path.relative(root, resultsFile)}`,
    });
    return;
  }
  const extra = status !== 0 && counts.failed === 0 ? 1 : 0;
  const ran = counts.passed + counts.failed;
  testsRun += ran;
  const note = !extra ? '' : ran ? `exit code ${status} outside the tests` : 'no tests found';
  rows.push({ suite: name, passed: counts.passed, failed: counts.failed + extra, note });
}

const serial = process.env.DUB_E2E_LANES === '1';

/**
 * Runs a command beside the others (its output printed whole when it ends, under `title`), or in
 * turn with DUB_E2E_LANES=1; resolves with its exit code and how long it took.
 */
async function task(title, command, args) {
  const started = Date.now();
  const status = await runCommand(command, args, { buffered: !serial, title: () => title });
  return { status, seconds: Math.round((Date.now() - started) / 1000) };
}

/** Reads a vitest JSON report's counts (null when it is missing). */
function vitestCounts(file) {
  const report = readJson(file);
  return (
    report && {
      passed: report.numPassedTests ?? 0,
      failed: report.numFailedTests ?? 0,
    }
  );
}

// d. dist/ is committed, so it must be exactly what the build produces from these sources. First
// and alone: every suite after it loads dist/.
header('Build: dist/ equals npm run build');
{
  const built = run('npm', ['run', 'build']) === 0;
  const inGit = capture('git', ['rev-parse', '--is-inside-work-tree']).stdout.trim() === 'true';
  if (!built) {
    check('dist', false, 'build failed');
  } else if (!inGit) {
    console.log('Not a git checkout: dist/ not compared (the build succeeded).');
    check('dist', true, 'not compared (no git)');
  } else {
    const status = capture('git', ['status', '--porcelain', '--', 'dist']);
    const unchanged = capture('git', ['diff', '--quiet', '--', 'dist']).status === 0;
    const clean = status.status === 0 && status.stdout.trim() === '' && unchanged;
    if (!clean) {
      console.log(status.stdout.trimEnd());
      console.log('dist/ differs from the build: run `npm run build` and commit dist/.');
    }
    check('dist', clean, clean ? '' : 'differs from build');
  }
}

// Everything else side by side but the server chaos suite (last, see below). The short jobs (the
// checks, the unit tests) and the docs snippets (which mostly wait on a page) start at once; the
// browser suites share HEAVY_SLOTS (two) slots, longest first: all of them at once overcommitted
// the two cores so far that the run took twice as long. DUB_E2E_LANES=1 runs each in turn instead.
const heavy = slots(serial ? 1 : HEAVY_SLOTS);

// b. Types.
const typecheck = () =>
  task('Type-check: tsc --noEmit', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);

// c. Lint and format.
const lint = () => task('Lint: biome check .', bin('biome'), ['check', '.']);

// e. Size budget, when the project has one.
const size = async () => {
  if (existsSync(path.join(root, 'scripts', 'size.mjs'))) {
    return task('Size: scripts/size.mjs', process.execPath, [path.join('scripts', 'size.mjs')]);
  }
  console.log('scripts/size.mjs does not exist: skipped.');
  return null;
};

// f. Unit tests (vitest.config.ts).
const unit = async () => {
  rmSync(unitResults, { force: true });
  const result = await task('Unit tests: vitest run', bin('vitest'), ['run']);
  return { ...result, counts: vitestCounts(unitResults) };
};

// g. End-to-end: Playwright's Chromium-only specs and the engine-neutral scenarios in Chromium,
// Firefox ESR and WebKitGTK, each in a lane of its own (scripts/e2e.mjs). A missing engine is a
// visible skip.
const e2e = () => runSuites(Object.keys(SUITES), { pool: heavy });

// g2. The server chaos suite: dub-track/server in real processes with redis-server, nginx and
// Chromium (vitest.server.config.ts). A missing program is a visible skip.
const server = async () => {
  const results = path.join(root, 'test-results', 'server.json');
  rmSync(results, { force: true });
  const needs = {
    'redis-server': '/usr/bin/redis-server',
    nginx: '/usr/sbin/nginx',
    chromium: '/usr/bin/chromium',
  };
  const missing = Object.keys(needs).filter((name) => !existsSync(needs[name]));
  if (missing.length) return { missing };
  const result = await task(
    'Server chaos suite: vitest run -c vitest.server.config.ts',
    bin('vitest'),
    ['run', '-c', 'vitest.server.config.ts'],
  );
  return { ...result, counts: vitestCounts(results), results };
};

// h. Every code block of README.md and docs/, run as a reader would paste it (scripts/docs-snippets.mjs).
const docs = async () => {
  const resultsFile = path.join(root, 'test-results', 'docs-snippets.json');
  rmSync(resultsFile, { force: true });
  const result = await task('Docs snippets: scripts/docs-snippets.mjs', process.execPath, [
    path.join('scripts', 'docs-snippets.mjs'),
  ]);
  return { ...result, counts: readJson(resultsFile), resultsFile };
};

// The browsers are installed (as root, where missing) before any job starts: the docs snippets
// open their pages in Chromium's headless shell too, beside the e2e suites that would install it.
for (const name of Object.keys(SUITES)) ensureInstalled(SUITES[name]);

const jobs = [docs, e2e, typecheck, lint, size, unit];
const results = [];
if (serial) {
  for (const job of jobs) results.push(await job());
} else {
  results.push(...(await Promise.all(jobs.map((job) => job()))));
}
const [docsResult, e2eRows, typeResult, lintResult, sizeResult, unitResult] = results;
// The server chaos suite last, on its own: its deadlines (an upstream held past the proxy's
// timeout, Redis restarted mid-load) are real time, and beside the browser lanes on a loaded
// machine they were missed. It takes seconds.
const serverResult = await server();

check('typecheck', typeResult.status === 0);
rows.at(-1).seconds = typeResult.seconds;
check('lint', lintResult.status === 0);
rows.at(-1).seconds = lintResult.seconds;
if (sizeResult) check('size', sizeResult.status === 0);
suite('unit', unitResult.status, unitResult.counts, unitResults);
rows.at(-1).seconds = unitResult.seconds;
for (const row of e2eRows) {
  if (!row.skipped) testsRun += row.passed + row.failed;
  rows.push(row);
}
if (serverResult.missing) {
  const note = `missing: sudo apt-get install -y ${serverResult.missing.join(' ')}`;
  console.log(`Server chaos suite: ${note}`);
  rows.push({ suite: 'server', passed: 0, failed: 0, skipped: true, note });
} else {
  suite('server', serverResult.status, serverResult.counts, serverResult.results);
  rows.at(-1).seconds = serverResult.seconds;
}
suite('docs snippets', docsResult.status, docsResult.counts, docsResult.resultsFile);
rows.at(-1).seconds = docsResult.seconds;

// Summary.
header('Summary');
const passed = rows.reduce((sum, row) => sum + row.passed, 0);
const failed = rows.reduce((sum, row) => sum + row.failed, 0);
printRows(rows);
if (testsRun === 0) console.log('No test ran.');
const took = Math.round((Date.now() - startedAt) / 1000);
console.log(`npm test took ${Math.floor(took / 60)} min ${took % 60} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && testsRun > 0 ? 0 : 1;
