// `npm test`: every check and suite in turn, continuing past failures so that all are counted.
// The last line is always `N passed, N failed`; the exit code is 0 only when nothing failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printRows, runCommand, runSuites, SUITES } from './e2e.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const unitResults = path.join(root, 'test-results', 'unit.json');

/** @type {{suite: string, passed: number, failed: number, note: string, skipped?: boolean, seconds?: number}[]} */
const rows = [];
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

// b. Types.
header('Type-check: tsc --noEmit');
check('typecheck', run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) === 0);

// c. Lint and format.
header('Lint: biome check .');
check('lint', run(bin('biome'), ['check', '.']) === 0);

// d. dist/ is committed, so it must be exactly what the build produces from these sources.
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

// e. Size budget, when the project has one.
header('Size: scripts/size.mjs');
if (existsSync(path.join(root, 'scripts', 'size.mjs'))) {
  check('size', run(process.execPath, [path.join('scripts', 'size.mjs')]) === 0);
} else {
  console.log('scripts/size.mjs does not exist: skipped.');
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

// f. Unit tests, beside g. (they compute while the end-to-end suites mostly wait), their output
// printed whole when they end.
const unitRun = (async () => {
  rmSync(unitResults, { force: true });
  const started = Date.now();
  const status = await runCommand(bin('vitest'), ['run'], {
    buffered: true,
    title: () => 'Unit tests: vitest run',
  });
  const report = readJson(unitResults);
  const counts = report && {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
  };
  return { status, counts, seconds: Math.round((Date.now() - started) / 1000) };
})();

// g. End-to-end: Playwright's Chromium-only specs beside the engine-neutral scenarios in Chromium,
// Firefox ESR and WebKitGTK (scripts/e2e.mjs). A missing engine is a visible skip.
const e2eRows = await runSuites(Object.keys(SUITES));
{
  const { status, counts, seconds } = await unitRun;
  suite('unit', status, counts, unitResults);
  rows.at(-1).seconds = seconds;
}
for (const row of e2eRows) {
  if (!row.skipped) testsRun += row.passed + row.failed;
  rows.push(row);
}

// g2. The server chaos suite: dub-track/server in real processes with redis-server, nginx and
// Chromium (vitest.server.config.ts). A missing program is a visible skip.
header('Server chaos suite: vitest run -c vitest.server.config.ts');
{
  const results = path.join(root, 'test-results', 'server.json');
  rmSync(results, { force: true });
  const needs = {
    'redis-server': '/usr/bin/redis-server',
    nginx: '/usr/sbin/nginx',
    chromium: '/usr/bin/chromium',
  };
  const missing = Object.keys(needs).filter((name) => !existsSync(needs[name]));
  if (missing.length) {
    const note = `missing: sudo apt-get install -y ${missing.join(' ')}`;
    console.log(note);
    rows.push({ suite: 'server', passed: 0, failed: 0, skipped: true, note });
  } else {
    const status = run(bin('vitest'), ['run', '-c', 'vitest.server.config.ts']);
    const report = readJson(results);
    const counts = report && {
      passed: report.numPassedTests ?? 0,
      failed: report.numFailedTests ?? 0,
    };
    suite('server', status, counts, results);
  }
}

// h. Every code block of README.md and docs/, run as a reader would paste it (scripts/docs-snippets.mjs).
header('Docs snippets: scripts/docs-snippets.mjs');
{
  const resultsFile = path.join(root, 'test-results', 'docs-snippets.json');
  rmSync(resultsFile, { force: true });
  const status = run(process.execPath, [path.join('scripts', 'docs-snippets.mjs')]);
  suite('docs snippets', status, readJson(resultsFile), resultsFile);
}

// Summary.
header('Summary');
const passed = rows.reduce((sum, row) => sum + row.passed, 0);
const failed = rows.reduce((sum, row) => sum + row.failed, 0);
printRows(rows);
if (testsRun === 0) console.log('No test ran.');
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && testsRun > 0 ? 0 : 1;
