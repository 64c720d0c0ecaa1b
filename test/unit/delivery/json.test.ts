// toJson / serialize / copyJson: bodies written as JSON.stringify writes plain data, whatever
// toJSON the page has patched, and refused when the text does not read back as the value.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { copyJson, serialize, toJson } from '../../../src/delivery/json.js';

const arrays = Array.prototype as unknown as Record<string, unknown>;
afterEach(() => {
  delete arrays.toJSON;
  delete (Object.prototype as Record<string, unknown>).toJSON;
});

describe('toJson', () => {
  it('writes what JSON.stringify writes for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(toJson(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('writes dates as ISO strings and drops what JSON drops', () => {
    const value = {
      at: new Date(0),
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, Number.NaN],
    };
    expect(toJson(value)).toBe(JSON.stringify(value));
    expect(toJson({ bad: new Date(Number.NaN) })).toBe('{"bad":null}');
  });

  it('ignores a toJSON patched onto Array.prototype or Object.prototype', () => {
    arrays.toJSON = function (this: unknown[]) {
      return this.join(', ');
    };
    (Object.prototype as Record<string, unknown>).toJSON = () => 'bent';
    expect(JSON.stringify({ tags: ['a', 'b'] })).toBe('"bent"');
    expect(toJson({ tags: ['a', 'b'] })).toBe('{"tags":["a","b"]}');
    expect(copyJson({ tags: ['a', 'b'] })).toEqual({ tags: ['a', 'b'] });
  });
});

describe('serialize', () => {
  it('returns the text of a body that reads back as itself', () => {
    const body = { eventName: 'x', metadata: { at: new Date(0), n: [1, null, 'a'] } };
    expect(serialize(body)).toBe(JSON.stringify(body));
  });

  it('returns undefined when the text would not read back as the value', () => {
    // A cycle cannot be written at all; a BigInt is not JSON.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(serialize({ deep: { n: 1n } })).toBeUndefined();
  });
});
