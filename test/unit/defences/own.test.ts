// own: the copy at the own-property boundary holds only what the page gave as its own, without
// a prototype, nested objects and arrays too.
import { afterEach, describe, expect, it } from 'vitest';
import { keyName, own } from '../../../src/defences/own.js';

const polluted = Object.prototype as Record<string, unknown>;
afterEach(() => {
  delete polluted.apiHost;
  delete polluted.lead;
});

describe('own', () => {
  it('copies own enumerable properties into objects without a prototype, deeply', () => {
    const given = { apiHost: 'https://a.test', endpoints: { lead: '/l' }, list: [{ a: 1 }, 'b'] };
    const copy = own(given);
    expect(copy).toEqual(given);
    expect(copy).not.toBe(given);
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(Object.getPrototypeOf(copy.endpoints)).toBeNull();
    expect(Array.isArray(copy.list)).toBe(true);
    expect(Object.getPrototypeOf(copy.list[0])).toBeNull();
  });

  it('reads nothing from a polluted prototype, enumerable or not', () => {
    Object.defineProperty(polluted, 'apiHost', { value: 'https://evil.test', configurable: true });
    polluted.lead = '/evil';
    const copy = own({ endpoints: {} }) as Record<string, Record<string, unknown>>;
    expect(copy.apiHost).toBeUndefined();
    expect('apiHost' in copy).toBe(false);
    expect(copy.endpoints.lead).toBeUndefined();
    expect(Object.keys(copy)).toEqual(['endpoints']);
  });

  it('keeps __proto__ keys as own data and changes no prototype', () => {
    const copy = own(JSON.parse('{"__proto__":{"polluted":1}}')) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps values that are not plain data as they are, and runs each getter once', () => {
    const date = new Date(0);
    let reads = 0;
    const given = Object.defineProperty({ date }, 'seats', {
      enumerable: true,
      get: () => ++reads,
    });
    const copy = own(given) as typeof given & { seats: number };
    expect(copy.date).toBe(date);
    expect([copy.seats, copy.seats, reads]).toEqual([1, 1, 1]);
    expect(own('text')).toBe('text');
    expect(own(null)).toBeNull();
  });
});

describe('keyName', () => {
  it('names a plain field as it is and quotes, escapes and bounds anything else', () => {
    expect(keyName('customerExternalId')).toBe('customerExternalId');
    expect(keyName('<img src=x>\n')).toBe('"<img src=x>\\n"');
    expect(keyName('\ud800')).toBe('"\\ud800"');
    const long = keyName('x y'.repeat(10_000));
    expect(long.length).toBeLessThan(50);
    expect(long.endsWith('…"')).toBe(true);
  });
});
