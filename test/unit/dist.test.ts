// @vitest-environment node
// The built scripts as a browser keeps them: a source with one character beyond Latin-1 is held
// as a two-byte string for the page's lifetime (twice the memory), so every file the browser
// loads from dist/ is ASCII, other characters written as escapes.
import { readdirSync, readFileSync } from 'node:fs';
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
