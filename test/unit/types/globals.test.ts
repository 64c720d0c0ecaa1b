// The script-tag globals need one documented line: with `/// <reference types="dub-track/globals" />`
// a strict project types window.dubTrack, dubAnalytics and DubAnalytics (through the package's
// exports, to the shipped dist/globals.d.ts); without it, each is TS2339. Each fixture is its own
// tsc project (globals declared in one file of a program reach all its files), copied to a
// temporary directory whose node_modules/dub-track is this package, as in a site that installed it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

/** tsc's diagnostics for a fixture project: `line:code` each, and its exit status. */
const check = (fixture: string) => {
  const site = mkdtempSync(path.join(tmpdir(), 'dub-track-types-'));
  try {
    cpSync(path.join(root, 'test/types/fixtures'), site, { recursive: true });
    mkdirSync(path.join(site, 'node_modules'));
    symlinkSync(root, path.join(site, 'node_modules/dub-track'), 'dir');
    return tsc(site, fixture);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
};

const tsc = (site: string, fixture: string) => {
  const result = spawnSync(
    path.join(root, 'node_modules/.bin/tsc'),
    ['--noEmit', '--pretty', 'false', '-p', `${fixture}/tsconfig.json`],
    { cwd: site, encoding: 'utf8' },
  );
  const messages = result.stdout;
  const errors = [...result.stdout.matchAll(/page\.ts\((\d+),\d+\): error (TS\d+)/g)].map(
    ([, line, code]) => `${line}:${code}`,
  );
  return { status: result.status, errors, messages, output: result.stdout + result.stderr };
};

/**
 * How long one tsc run may take before its test counts as stuck: not a speed check. npm test runs
 * the unit tests beside the browser lanes, where a tsc run took over 60 s at load average 38.
 */
const TSC_BOUND_MS = 180_000;

describe(
  'the @dub/analytics sample app, switched by its imports',
  () => {
    it('compiles under tsc --strict', () => {
      const result = spawnSync(
        path.join(root, 'node_modules/.bin/tsc'),
        ['--noEmit', '--pretty', 'false', '-p', 'examples/migrating-from-dub-analytics'],
        { cwd: root, encoding: 'utf8' },
      );
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    });
  },
  TSC_BOUND_MS,
);

describe(
  'global declarations',
  () => {
    it('types every global of the script tag after the reference line', () => {
      const { status, errors, output } = check('reference');
      expect(errors, output).toEqual([]);
      expect(status, output).toBe(0);
    });

    it('declares nothing without it', () => {
      const { errors, output } = check('none');
      expect(errors, output).toEqual(['2:TS2339', '3:TS2339', '4:TS2339']);
    });
  },
  TSC_BOUND_MS,
);

describe(
  'compiler messages',
  () => {
    it('name the input types and the missing ID, not an anonymous type of old names', () => {
      const { errors, messages, output } = check('messages');
      expect(errors, output).toEqual(['5:TS2345', '6:TS2345', '7:TS2345', '8:TS2322']);
      const [sale, lead, customer, key] = messages.split(/\n(?=messages\/page\.ts)/);
      expect(sale).toContain("parameter of type 'SaleInput'");
      expect(sale).toContain("Property 'customerExternalId' is missing");
      expect(sale).toContain("'WithCustomerExternalId'");
      expect(lead).toContain("parameter of type 'LeadInput'");
      expect(customer).toContain("parameter of type 'CustomerInput'");
      expect(key).toMatch(/to type '`dub_pk_\$\{string\}`'/);
      // The older names are no longer what a reader sees first.
      expect(messages).not.toMatch(/\{ customerId\?:/);
    });
  },
  TSC_BOUND_MS,
);
