// The grace period a raw call is left to its own page's engine, and its end for an abandoned one.
import { describe, expect, it } from 'vitest';
import { mayBeTaken, RAW_GRACE_MS, rawGraceLeft } from '../../../src/engine/rawGrace.js';
import type { OutboxEntry } from '../../../src/outbox/entry.js';

const NOW = 1_700_000_000_000;
/** The page of every raw call stayed, or left without its engine. */
const stayed = () => false;
const left = (id: string) => id === 'e1';
const raw = (ageMs: number, fields: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: 'e1',
  kind: 'sale',
  createdAt: NOW - ageMs,
  attempts: 0,
  input: { amount: 1 },
  ...fields,
});

describe('rawGraceLeft', () => {
  it("leaves another page's young raw call to it for the rest of the 3 s", () => {
    expect(RAW_GRACE_MS).toBe(3_000);
    expect(rawGraceLeft(raw(0), NOW, stayed)).toBe(3_000);
    expect(rawGraceLeft(raw(2_000), NOW, stayed)).toBe(1_000);
    expect(rawGraceLeft(raw(3_000), NOW, stayed)).toBe(0);
    expect(rawGraceLeft(raw(60_000), NOW, stayed)).toBeLessThan(0);
  });

  it('waits for no raw call whose page left without its engine', () => {
    expect(rawGraceLeft(raw(0), NOW, left)).toBe(0);
  });

  it('waits for no validated event', () => {
    expect(rawGraceLeft(raw(0, { input: undefined, body: '{}' }), NOW, stayed)).toBe(0);
  });
});

describe('mayBeTaken', () => {
  it('says a young raw call of a page that stayed is still its own', () => {
    expect(mayBeTaken(raw(0), NOW, stayed)).toBe(false);
    expect(mayBeTaken(raw(RAW_GRACE_MS / 2 - 1), NOW, stayed)).toBe(false);
  });

  it('says another tab may have it past half the grace period', () => {
    expect(mayBeTaken(raw(RAW_GRACE_MS / 2), NOW, stayed)).toBe(true);
  });

  it('says another tab may have it, however young, once its page left (back from the cache)', () => {
    expect(mayBeTaken(raw(0), NOW, left)).toBe(true);
  });
});
