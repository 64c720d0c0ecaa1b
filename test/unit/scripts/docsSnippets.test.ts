// The docs-snippet suite's extractor: which blocks it finds and how it decides to run them.
// (Running them, and refusing broken ones, is checked by the suite itself on every run: see
// scripts/docs-snippets/canaries.md.)
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations
import * as extract from '../../../scripts/docs-snippets/extract.mjs';

const { classify, extractBlocks, fillPlaceholders, conversionCalls } = extract as {
  classify: (block: { lang: string; code: string; fragment: boolean }) => string;
  extractBlocks: (
    markdown: string,
    file?: string,
  ) => { line: number; lang: string; code: string; fragment: boolean; unclosed?: boolean }[];
  fillPlaceholders: (code: string, keys: { publishableKey: string; secretKey: string }) => string;
  conversionCalls: (code: string) => number;
};

const doc = [
  '# Title',
  '',
  '```html',
  '<script src="/dub-track.js"></script>',
  '```',
  '',
  '<!-- fragment -->',
  '',
  '```js',
  'dubTrack.sale({ amount: 1 })',
  '```',
  '',
  '1. A step:',
  '',
  '   ```sh',
  '   npm start',
  '   ```',
  '',
  '````md',
  '```js',
  'inside',
  '```',
  '````',
].join('\n');

describe('extractBlocks', () => {
  const blocks = extractBlocks(doc, 'x.md');

  it('finds every fenced block with its language and line, nested fences kept whole', () => {
    expect(blocks.map((block) => [block.lang, block.line])).toEqual([
      ['html', 3],
      ['js', 9],
      ['sh', 15],
      ['md', 19],
    ]);
    expect(blocks[3]?.code).toBe('```js\ninside\n```');
  });

  it('honours the fragment marker on the line before a block, and only there', () => {
    expect(blocks.map((block) => block.fragment)).toEqual([false, true, false, false]);
  });

  it('removes the indentation of a block inside a list item', () => {
    expect(blocks[2]?.code).toBe('npm start');
  });

  it('reports a fence that is never closed', () => {
    expect(extractBlocks('```js\nlet a = 1;\n')[0]?.unclosed).toBe(true);
  });
});

describe('classify', () => {
  const kind = (lang: string, code: string, fragment = false) => classify({ lang, code, fragment });

  it('runs server code in Node and page code in a browser', () => {
    expect(kind('js', "import { createDubHandler } from 'dub-track/server';")).toBe('node');
    expect(kind('ts', 'const key = process.env.DUB_API_KEY;')).toBe('node');
    expect(kind('js', "import { createTracker } from 'dub-track';")).toBe('browser-module');
    expect(kind('js', "dubTrack.lead({ eventName: 'x' });")).toBe('browser-script');
    expect(kind('tsx', 'export default function A() { return null; }')).toBe('react');
    // A component reading its public settings from process.env is still a component.
    expect(kind('tsx', '<DubTrack publishableKey={process.env.NEXT_PUBLIC_KEY} />')).toBe('react');
    expect(kind('html', '<p>hi</p>')).toBe('page');
  });

  it('does not run fragments, shell commands or text, and refuses languages it cannot run', () => {
    expect(kind('js', 'broken(', true)).toBe('fragment');
    expect(kind('sh', 'npm test')).toBe('shell');
    expect(kind('', 'output')).toBe('text');
    expect(kind('yaml', 'a: 1')).toBe('unknown');
  });
});

describe('fillPlaceholders and conversionCalls', () => {
  it('fills the key placeholders a reader replaces', () => {
    const keys = { publishableKey: 'dub_pk_standin', secretKey: 'dub_secret' };
    expect(fillPlaceholders('data-publishable-key="dub_pk_…"', keys)).toBe(
      'data-publishable-key="dub_pk_standin"',
    );
    expect(fillPlaceholders("secretKey: 'dub_…'", keys)).toBe("secretKey: 'dub_secret'");
    expect(fillPlaceholders('dub_pk_live_real', keys)).toBe('dub_pk_live_real');
  });

  it('counts the places that send a conversion', () => {
    expect(conversionCalls("dubTrack.lead({}); tracker?.sale({}); t.on('x')")).toBe(2);
    expect(conversionCalls('["lead","sale"].forEach(f)')).toBe(0);
  });
});
