// numberRange: one rule for a bounded number, whole or not.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { numberRange } from '../../../src/validation/numberRange.js';

describe('numberRange', () => {
  it('takes numbers within its bounds, the bounds included', () => {
    const schema = numberRange(1, 100);
    for (const value of [1, 1.5, 100]) expect(v.is(schema, value)).toBe(true);
    for (const value of [0.999, 100.1, Number.NaN, '5', null, 5n])
      expect(v.is(schema, value)).toBe(false);
  });

  it('takes only whole numbers when integer', () => {
    const schema = numberRange(0, Number.MAX_SAFE_INTEGER, true);
    for (const value of [0, 7, 2 ** 53 - 1]) expect(v.is(schema, value)).toBe(true);
    for (const value of [0.5, -1, 2 ** 53, Number.POSITIVE_INFINITY])
      expect(v.is(schema, value)).toBe(false);
  });

  it('has no upper bound with Infinity', () => {
    expect(v.is(numberRange(0, Number.POSITIVE_INFINITY), 1e300)).toBe(true);
  });

  it('says what it expects', () => {
    const result = v.safeParse(numberRange(1, 100, true), 0);
    expect(result.issues?.[0].message).toBe('Invalid number: expected an integer from 1 to 100');
  });
});
