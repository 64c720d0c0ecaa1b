// text: a string matching a pattern, tested as given or trimmed.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { text } from '../../../src/validation/text.js';

describe('text', () => {
  it('takes strings the pattern matches, and nothing but strings', () => {
    const schema = text(/^\//, 'expected a path');
    for (const value of ['/', '/track']) expect(v.is(schema, value)).toBe(true);
    for (const value of ['track', ' /', 5, null, ['/'], { toString: () => '/' }])
      expect(v.is(schema, value)).toBe(false);
  });

  it('tests the trimmed string when asked, and leaves the value as given', () => {
    const schema = text(/^.{1,3}$/s, 'expected 1 to 3 characters', true);
    expect(v.safeParse(schema, '  abc \n').output).toBe('  abc \n');
    for (const value of ['  ', '', ' abcd ']) expect(v.is(schema, value)).toBe(false);
    expect(v.is(text(/^.{1,3}$/s, 'm'), ' abc ')).toBe(false);
  });

  it('says what it expects', () => {
    expect(v.safeParse(text(/^\//, 'expected a path'), 'x').issues?.[0].message).toBe(
      'expected a path',
    );
  });
});
