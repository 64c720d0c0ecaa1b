// @vitest-environment node
// The built scripts as a browser keeps them: a source with one character beyond Latin-1 is held
// as a two-byte string for the page's lifetime (twice the memory), so every file the browser
// loads from dist/ is ASCII, other characters written as escapes. And the ES module imports in
// plain Node without reaching for the browser.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../dist/', import.meta.url);
const scripts = [
  ...readdirSync(dist).filter((name) => name.endsWith('.js')),
  ...readdirSync(new URL('chunks/', dist)).map((name) => `chunks/${name}`),
];

describe('dist/', () => {
  it('has the classic scripts and the ES module chunks', () => {
    expect(scripts).toEqual(
      expect.arrayContaining([
        'dub-track.js',
        expect.stringMatching(/^dub-track\.engine\.\w+\.js$/),
        expect.stringMatching(/^chunks\/engine-\w+\.js$/),
      ]),
    );
  });

  it.each(scripts)('%s is ASCII only', (name) => {
    const text = readFileSync(new URL(name, dist), 'utf8');
    const beyond = [...text].filter((char) => char.charCodeAt(0) > 0x7f);
    expect(beyond).toEqual([]);
  });
});

// Runs in a fresh Node process whose browser globals throw when read, so any access at import
// time (even `typeof window`) is recorded; a later timer touching them would be caught too.
const importWithoutBrowser = `
const touched = [];
for (const name of ['window', 'document', 'localStorage', 'sessionStorage']) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      touched.push(name);
      throw new Error(name + ' was touched while importing dist/index.js');
    },
  });
}
const mod = await import(process.env.DIST_INDEX_URL);
await new Promise((resolve) => setTimeout(resolve, 100));
console.log(JSON.stringify({
  exports: Object.keys(mod),
  createTracker: typeof mod.createTracker,
  shopify: mod.PaymentProcessor?.Shopify,
  errorIsError: typeof mod.DubTrackError === 'function' && mod.DubTrackError.prototype instanceof Error,
  touched,
}));
`;

describe('dist/index.js', () => {
  it('the ES module imports in Node without touching window', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', importWithoutBrowser],
      {
        env: { ...process.env, DIST_INDEX_URL: new URL('index.js', dist).href },
        timeout: 20_000,
      },
    ).catch((error: { stderr?: string; message: string }) => {
      // The default message repeats the whole script; the child's stderr is what explains it.
      throw new Error(`importing dist/index.js failed:\n${error.stderr || error.message}`);
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');

    expect(result.exports).toEqual(
      expect.arrayContaining(['createTracker', 'PaymentProcessor', 'DubTrackError']),
    );
    expect(result.createTracker).toBe('function');
    expect(result.shopify).toBe('shopify');
    expect(result.errorIsError).toBe(true);
    expect(result.touched).toEqual([]);
  });
});
