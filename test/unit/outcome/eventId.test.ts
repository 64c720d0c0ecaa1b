// Event ids are UUID v4 built from crypto.getRandomValues, so they exist on plain-http pages
// too, where crypto.randomUUID is missing (SPEC §7).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventId } from '../../../src/outcome/eventId.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createEventId', () => {
  it('makes a lowercase UUID v4', () => {
    for (let i = 0; i < 200; i++) expect(createEventId()).toMatch(UUID_V4);
  });

  it('makes 1000 different ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, createEventId));
    expect(ids.size).toBe(1000);
  });

  it('uses every hex digit in the random positions and all four variants', () => {
    const seen = new Set<string>();
    const variants = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const id = createEventId();
      for (const char of id.replace(/-/g, '')) seen.add(char);
      variants.add(id[19]);
    }
    expect([...seen].sort().join('')).toBe('0123456789abcdef');
    expect([...variants].sort().join('')).toBe('89ab');
  });

  it('works where crypto.randomUUID does not exist (a plain-http page)', () => {
    const real = crypto.getRandomValues.bind(crypto);
    const getRandomValues = vi.fn((array: Uint8Array<ArrayBuffer>) => real(array));
    vi.stubGlobal('crypto', { getRandomValues });
    expect((globalThis.crypto as Partial<Crypto>).randomUUID).toBeUndefined();
    const ids = new Set(Array.from({ length: 50 }, createEventId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    // One draw per id, not one per digit (a burst of calls would pay 32 each).
    expect(getRandomValues).toHaveBeenCalledTimes(50);
  });

  it('takes its randomness from crypto.getRandomValues', () => {
    vi.stubGlobal('crypto', {
      getRandomValues: (array: Uint8Array) => array.fill(0xff),
    });
    // Random bits are XORed into the template 10000000-1000-4000-8000-100000000000.
    expect(createEventId()).toBe('efffffff-efff-4fff-bfff-efffffffffff');
    vi.stubGlobal('crypto', {
      getRandomValues: (array: Uint8Array) => array.fill(0),
    });
    expect(createEventId()).toBe('10000000-1000-4000-8000-100000000000');
  });
});
