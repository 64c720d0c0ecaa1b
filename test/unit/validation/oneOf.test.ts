// oneOf: a value from a fixed list, compared exactly.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { oneOf } from '../../../src/validation/oneOf.js';

describe('oneOf', () => {
  const mode = oneOf(['async', 'wait', 'deferred']);

  it('takes each listed value', () => {
    for (const value of ['async', 'wait', 'deferred']) expect(v.is(mode, value)).toBe(true);
  });

  it('refuses anything else, case and spacing included', () => {
    for (const value of ['ASYNC', 'wait ', '', 'sync', 1, null, undefined, ['async']])
      expect(v.is(mode, value)).toBe(false);
  });

  it('names the values it expects', () => {
    expect(v.safeParse(mode, 'sync').issues?.[0].message).toBe(
      'Invalid value: expected one of async, wait, deferred',
    );
  });
});
