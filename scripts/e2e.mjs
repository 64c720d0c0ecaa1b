// `npm run test:e2e`: the end-to-end suites.
//   playwright  the Playwright specs (test/e2e), Chromium only: scenarios only it can run live there
//   chromium    the engine-neutral scenarios (test/browsers) in Chromium, through puppeteer-core
//   firefox     the same scenarios in Firefox ESR, through puppeteer-core over WebDriver BiDi
//   webkit      the same scenarios in WebKitGTK's MiniBrowser, through WebKitWebDriver under Xvfb
// Usage: npm run test:e2e [-- --engine firefox [--engine webkit]] [--workers N]
//        npm run test:e2e -- --engine webkit -t consent   (one engine: arguments for its runner)
// Without --engine all four run, two at a time (DUB_TEST_SLOTS), each suite's output printed whole
// when it ends; DUB_E2E_LANES=1 runs them one after another. An engine whose packages are missing is installed
// with apt-get when running as root, else reported as a visible "skipped" row with the command to
// install it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

// Another build of a browser than Debian's, e.g. an older Firefox ESR unpacked next to it:
// DUB_FIREFOX_PATH=/opt/firefox-esr-140/usr/lib/firefox-esr/firefox-esr npm run test:e2e
const chromiumPath = process.env.DUB_CHROMIUM_PATH || '/usr/bin/chromium';
const chromiumShellPath = process.env.DUB_CHROMIUM_SHELL_PATH || '/usr/bin/chromium-headless-shell';
const firefoxPath = process.env.DUB_FIREFOX_PATH || '/usr/bin/firefox-esr';

/**
 * The suites in the order they run, with what each needs from Debian. `engine` and `what` make
 * the summary row's label, with the browser's own name and version between them once it ran.
 */
export const SUITES = {
  playwright: {
    engine: 'chromium',
    what: 'playwright specs',
    files: [chromiumPath],
    packages: ['chromium'],
  },
  chromium: {
    engine: 'chromium',
    what: 'neutral scenarios',
    // The headless shell runs them, the full browser those that need a back/forward cache.
    files: [chromiumShellPath, chromiumPath],
    packages: ['chromium-headless-shell', 'chromium'],
  },
  firefox: {
    engine: 'firefox',
    what: 'neutral scenarios',
    files: [firefoxPath],
    packages: ['firefox-esr'],
  },
  webkit: {
    engine: 'webkit',
    what: 'neutral scenarios',
    files: [
      '/usr/bin/WebKitWebDriver',
      '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
      '/usr/bin/Xvfb',
    ],
    packages: ['webkit2gtk-driver', 'xvfb'],
  },
};

const installCommand = (packages) => `sudo apt-get install -y ${packages.join(' ')}`;

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function header(title) {
  console.log(`\n━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}`);
}

/** Installs the suite's packages as root when a file is missing; returns what is still missing. */
export function ensureInstalled(suite) {
  let missing = suite.files.filter((file) => !existsSync(file));
  if (missing.length && process.getuid?.() === 0) {
    console.log(
      `Missing ${missing.join(', ')}: installing ${suite.packages.join(' ')} with apt-get.`,
    );
    spawnSync('sh', ['-c', `apt-get update && apt-get install -y ${suite.packages.join(' ')}`], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    missing = suite.files.filter((file) => !existsSync(file));
  }
  return missing;
}

/**
 * Runs a command; resolves with its exit code. With `buffered`, its output is kept and printed in
 * one piece when it ends (after `title()`), so suites that run at the same time do not interleave.
 */
export function runCommand(
  command,
  args,
  { env = process.env, buffered = false, title = () => '' } = {},
) {
  if (!buffered) header(title());
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env,
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    const chunks = [];
    child.stdout?.on('data', (chunk) => chunks.push(chunk));
    child.stderr?.on('data', (chunk) => chunks.push(chunk));
    child.once('error', (error) => {
      chunks.push(Buffer.from(`${command}: ${error.message}\n`));
    });
    child.once('close', (code) => {
      if (buffered) {
        header(title());
        process.stdout.write(Buffer.concat(chunks));
      }
      resolve(code ?? 127);
    });
  });
}

/**
 * Runs one suite; resolves with its summary row `{suite, passed, failed, skipped, note, seconds}`.
 * A run that fails outside its tests (or finds none) counts as one failure. `buffered`: see
 * runCommand (for suites run side by side).
 */
export async function runSuite(name, { workers = 1, extraArgs = [], buffered = false } = {}) {
  const suite = SUITES[name];
  const label = (browser = suite.engine) => `e2e ${browser} · ${suite.what}`;
  const row = { suite: label(), passed: 0, failed: 0, skipped: false, note: '', seconds: 0 };
  const missing = ensureInstalled(suite);
  if (missing.length) {
    header(label());
    row.skipped = true;
    row.note = `SKIPPED: ${missing.join(', ')} missing; install: ${installCommand(suite.packages)}`;
    console.log(row.note);
    return row;
  }

  // The browser's name and version, and what it lacked, as the suite found them (see engineInfo).
  const infoFile = path.join(root, 'test-results', `engine-${name}.json`);
  rmSync(infoFile, { force: true });
  // Printed before the suite's output: by then (buffered) the browser has named its version.
  const title = () => label(readJson(infoFile)?.browser);
  const started = Date.now();
  let status;
  let counts = null;
  let resultsFile;
  if (name === 'playwright') {
    resultsFile = path.join(root, 'test-results', 'e2e.json');
    rmSync(resultsFile, { force: true });
    status = await runCommand(bin('playwright'), ['test', `--workers=${workers}`, ...extraArgs], {
      buffered,
      title,
    });
    const stats = readJson(resultsFile)?.stats;
    // A flaky test (passed only on retry) counts as failed.
    counts = stats && {
      passed: stats.expected ?? 0,
      failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0),
    };
  } else {
    resultsFile = path.join(root, 'test-results', `browsers-${name}.json`);
    rmSync(resultsFile, { force: true });
    status = await runCommand(
      bin('vitest'),
      ['run', '-c', 'vitest.browsers.config.ts', ...extraArgs],
      {
        env: { ...process.env, DUB_ENGINE: name, DUB_E2E_WORKERS: String(workers) },
        buffered,
        title,
      },
    );
    const report = readJson(resultsFile);
    counts = report && {
      passed: report.numPassedTests ?? 0,
      failed: report.numFailedTests ?? 0,
    };
  }
  row.seconds = Math.round((Date.now() - started) / 1000);
  status ??= 127;
  const info = readJson(infoFile);
  if (info?.browser) row.suite = label(info.browser);
  const lacked = info?.notes?.length ? info.notes.join('; ') : '';
  if (!counts) {
    row.failed = 1;
    row.note = `no ${path.relative(root, resultsFile)} (exit code ${status})`;
    return row;
  }
  row.passed = counts.passed;
  row.failed = counts.failed;
  if (status !== 0 && counts.failed === 0) {
    row.failed += 1;
    row.note = counts.passed ? `exit code ${status} outside the tests` : 'no tests found';
  } else if (counts.passed + counts.failed === 0) {
    row.failed += 1;
    row.note = 'no tests found';
  }
  row.note = [row.note, lacked].filter(Boolean).join('; ');
  return row;
}

/**
 * How many browser suites run at once: `DUB_TEST_SLOTS`, else 2 (three took as long: WebKit
 * starved).
 * Every suite at once overcommits two cores: the runs measured 7 min, each browser starved (a
 * WebKit scenario that takes 1 s alone took 15-37 s), against about 90 s a suite alone. Two at a
 * time, the longest first, keeps both cores busy without that.
 */
export const HEAVY_SLOTS = Math.max(1, Number(process.env.DUB_TEST_SLOTS) || 2);

/**
 * A counting semaphore: `run(job)` starts `job` once fewer than `size` run, in the order asked.
 * Our own few lines: nothing in the dependencies queues promises, and p-limit would be one
 * package for this.
 */
export function slots(size) {
  let running = 0;
  const waiting = [];
  const next = () => {
    if (running >= size || !waiting.length) return;
    running += 1;
    const { job, resolve, reject } = waiting.shift();
    Promise.resolve()
      .then(job)
      .then(resolve, reject)
      .finally(() => {
        running -= 1;
        next();
      });
  };
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        waiting.push({ job, resolve, reject });
        next();
      }),
  };
}

/**
 * The order the suites get a slot, from their times on a quiet 2-core machine: WebKit (the
 * longest) beside Chromium, Firefox once Chromium is done, Playwright once WebKit is: the two
 * slots then end closest together.
 */
const LONGEST_FIRST = ['webkit', 'chromium', 'firefox', 'playwright'];

/**
 * Runs the suites; resolves with their rows, in the order named. They share `pool` (by default
 * HEAVY_SLOTS of their own) with whatever else the caller runs in it; `DUB_E2E_LANES=1` runs them
 * one after another instead, each suite's output as it comes.
 */
export async function runSuites(names, { workers, extraArgs = [], pool } = {}) {
  const options = {
    // Two workers per suite unless told: each worker drives its own browser, and a test mostly
    // waits on it, so two of them keep a suite about twice as busy on the same cores.
    workers: workers ?? 2,
    extraArgs,
  };
  // Installing (apt-get) happens before anything runs: never two installs at once.
  for (const name of names) ensureInstalled(SUITES[name]);
  const serial = process.env.DUB_E2E_LANES === '1';
  const buffered = !serial && names.length > 1;
  const limit = pool ?? slots(serial ? 1 : HEAVY_SLOTS);
  const order = [...names].sort((a, b) => LONGEST_FIRST.indexOf(a) - LONGEST_FIRST.indexOf(b));
  const rows = new Map();
  await Promise.all(
    order.map((name) =>
      limit.run(async () => rows.set(name, await runSuite(name, { ...options, buffered }))),
    ),
  );
  return names.map((name) => rows.get(name));
}

/** Prints the rows as a table. */
export function printRows(rows) {
  const width = Math.max(...rows.map((row) => row.suite.length), 'suite'.length);
  console.log(`${'suite'.padEnd(width)}  passed  failed  note`);
  for (const row of rows) {
    const mark = row.failed ? '✘' : row.skipped ? '–' : '✓';
    const time = row.seconds ? `${row.seconds} s ` : '';
    console.log(
      `${row.suite.padEnd(width)}  ${String(row.passed).padStart(6)}  ${String(row.failed).padStart(6)}  ${mark} ${time}${row.note}`.trimEnd(),
    );
  }
}

function parseArgs(argv) {
  const names = [];
  let workers;
  const extraArgs = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--engine' || arg.startsWith('--engine=')) {
      const value = arg.includes('=') ? arg.slice('--engine='.length) : argv[++i];
      if (value === 'all') names.push(...Object.keys(SUITES));
      else if (value in SUITES) names.push(value);
      else throw new Error(`--engine ${value}: expected ${Object.keys(SUITES).join(', ')} or all`);
    } else if (arg === '--workers' || arg.startsWith('--workers=')) {
      workers = Number(arg.includes('=') ? arg.slice('--workers='.length) : argv[++i]);
    } else if (arg !== '--') {
      extraArgs.push(arg);
    }
  }
  // Test files and filters mean something to one runner only: Playwright's specs or vitest's.
  if (extraArgs.length && names.length !== 1) {
    throw new Error(`${extraArgs.join(' ')}: name one --engine for arguments to its test runner`);
  }
  return { names: names.length ? [...new Set(names)] : Object.keys(SUITES), workers, extraArgs };
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  const { names, workers, extraArgs } = parsed;
  const rows = await runSuites(names, { workers, extraArgs });
  header('End-to-end summary');
  printRows(rows);
  const passed = rows.reduce((sum, row) => sum + row.passed, 0);
  const failed = rows.reduce((sum, row) => sum + row.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
