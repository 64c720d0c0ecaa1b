// @vitest-environment node
// The idempotency stores: claims, answers, expiry, and whose claim a request may settle or free.
// The Redis store runs against a real redis-server (Debian's), on loopback.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../../../src/server/idempotencyStore.js';
import { idempotencyStores } from './redisServer.js';

const answer = { status: 200, body: '{"ok":true}' };
const later = { status: 200, body: '{"later":true}' };

describe('createMemoryStore', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets one caller claim a key until it is released or settled', async () => {
    const store = createMemoryStore();
    expect(await store.claim('a', 1000, 't1')).toBe(true);
    expect(await store.claim('a', 1000, 't2')).toBe(false);
    expect(await store.get('a')).toEqual({ state: 'pending', token: 't1' });
    await store.release('a', 't1');
    expect(await store.get('a')).toBeUndefined();
    expect(await store.claim('a', 1000, 't3')).toBe(true);
    await store.settle('a', answer, 1000, 't3');
    expect(await store.get('a')).toEqual({ state: 'done', answer });
    expect(await store.claim('a', 1000, 't4')).toBe(false);
  });

  it('forgets a claim and an answer when their time is up', async () => {
    vi.useFakeTimers();
    const store = createMemoryStore();
    await store.claim('pending', 100, 't1');
    await store.claim('done', 100, 't2');
    await store.settle('done', answer, 500, 't2');
    vi.advanceTimersByTime(101);
    expect(await store.get('pending')).toBeUndefined();
    expect(await store.claim('pending', 100, 't3')).toBe(true);
    expect(await store.get('done')).toEqual({ state: 'done', answer });
    vi.advanceTimersByTime(400);
    expect(await store.get('done')).toBeUndefined();
  });

  it('keeps at most maxKeys, forgetting the oldest first', async () => {
    const store = createMemoryStore({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await store.claim(key, 1000, key);
    expect(await store.get('a')).toBeUndefined();
    for (const key of ['b', 'c', 'd'])
      expect(await store.get(key)).toEqual({ state: 'pending', token: key });
    // Settling re-inserts: 'b' is now the newest, so 'c' goes next.
    await store.settle('b', answer, 1000, 'b');
    await store.claim('e', 1000, 'e');
    expect(await store.get('c')).toBeUndefined();
    expect(await store.get('b')).toEqual({ state: 'done', answer });
  });
});

const stores = await idempotencyStores();
const lapse = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(stores)('whose claim a request may settle or free, with %s', (_name, makeStore) => {
  it('a request whose claim lapsed cannot free the claim another request took meanwhile', async () => {
    const store = makeStore();
    expect(await store.claim('k', 50, 'first')).toBe(true);
    await lapse(80);
    expect(await store.claim('k', 5000, 'second')).toBe(true);
    // The first request ends in a failure worth retrying: its release must leave the key held.
    await store.release('k', 'first');
    expect(await store.get('k')).toEqual({ state: 'pending', token: 'second' });
    expect(await store.claim('k', 5000, 'third')).toBe(false);
    await store.release('k', 'second');
    expect(await store.get('k')).toBeUndefined();
  });

  it('a request whose claim lapsed cannot overwrite the claim another request took, but settles a key nobody took', async () => {
    const store = makeStore();
    await store.claim('k', 50, 'first');
    await lapse(80);
    await store.claim('k', 5000, 'second');
    await store.settle('k', answer, 5000, 'first');
    expect(await store.get('k')).toEqual({ state: 'pending', token: 'second' });
    await store.settle('k', later, 5000, 'second');
    expect(await store.get('k')).toEqual({ state: 'done', answer: later });
    // A claim that lapsed with nobody after it: its answer is still the key's first.
    await store.claim('free', 50, 'first');
    await lapse(80);
    await store.settle('free', answer, 5000, 'first');
    expect(await store.get('free')).toEqual({ state: 'done', answer });
  });

  it('a kept answer is never replaced or freed by a late request', async () => {
    const store = makeStore();
    await store.claim('k', 5000, 'first');
    await store.settle('k', answer, 5000, 'first');
    await store.settle('k', later, 5000, 'other');
    await store.release('k', 'other');
    expect(await store.get('k')).toEqual({ state: 'done', answer });
  });
});
