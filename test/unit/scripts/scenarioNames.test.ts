// One scenario, one place: no scenario name is both a Playwright spec (test/e2e, Chromium) and an
// engine-neutral scenario (test/browsers, which Chromium runs too), so none runs twice in one
// engine. The names come from the runners' own listings (nothing is run): titles built in loops
// and template strings are compared as the runners name them.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const run = promisify(execFile);
const scratch = mkdtempSync(path.join(tmpdir(), 'dub-scenario-names-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface PlaywrightSuite {
  specs?: { title: string }[];
  suites?: PlaywrightSuite[];
}

/** Every Playwright test's own title (without its describe blocks'), as `playwright --list` names it. */
async function playwrightNames(): Promise<string[]> {
  const { stdout } = await run(bin('playwright'), ['test', '--list', '--reporter=json'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const names: string[] = [];
  const walk = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? []) names.push(spec.title);
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of (JSON.parse(stdout) as PlaywrightSuite).suites ?? []) walk(suite);
  return names;
}

/**
 * Every neutral scenario's own title, as `vitest list` names it for Chromium (the engine that
 * defines them all: WebKit leaves out the ones that need host mapping).
 */
async function neutralNames(): Promise<string[]> {
  const file = path.join(scratch, 'browsers.json');
  await run(
    bin('vitest'),
    [
      'list',
      '-c',
      'vitest.browsers.config.ts',
      `--json=${file}`,
      // Not the suite's own report file, which a running Chromium lane may be writing.
      `--outputFile.json=${path.join(scratch, 'unused.json')}`,
    ],
    { cwd: root, env: { ...process.env, DUB_ENGINE: 'chromium' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const listed = JSON.parse(readFileSync(file, 'utf8')) as { name: string }[];
  // vitest names a test `describe > … > title`; the scenario's own title is the last part.
  return listed.map((test) => test.name.split(' > ').at(-1) ?? test.name);
}

describe('scenario names', () => {
  it('no scenario name is both a Playwright spec and a neutral scenario', async () => {
    const [playwright, neutral] = await Promise.all([playwrightNames(), neutralNames()]);
    // Both listings found their tests (a broken listing must not pass as "no duplicates").
    expect(playwright.length).toBeGreaterThan(0);
    expect(neutral.length).toBeGreaterThan(0);
    const inPlaywright = new Set(playwright);
    const twice = [...new Set(neutral.filter((name) => inPlaywright.has(name)))];
    expect(twice).toEqual([]);
  }, 120_000);
});
