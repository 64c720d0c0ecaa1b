// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../../../src/server/idempotencyStore.js';

const answer = { status: 200, body: '{"ok":true}' };

describe('createMemoryStore', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets one caller claim a key until it is released or settled', async () => {
    const store = createMemoryStore();
    expect(await store.claim('a', 1000)).toBe(true);
    expect(await store.claim('a', 1000)).toBe(false);
    expect(await store.get('a')).toEqual({ state: 'pending' });
    await store.release('a');
    expect(await store.get('a')).toBeUndefined();
    expect(await store.claim('a', 1000)).toBe(true);
    await store.settle('a', answer, 1000);
    expect(await store.get('a')).toEqual({ state: 'done', answer });
    expect(await store.claim('a', 1000)).toBe(false);
  });

  it('forgets a claim and an answer when their time is up', async () => {
    vi.useFakeTimers();
    const store = createMemoryStore();
    await store.claim('pending', 100);
    await store.claim('done', 100);
    await store.settle('done', answer, 500);
    vi.advanceTimersByTime(101);
    expect(await store.get('pending')).toBeUndefined();
    expect(await store.claim('pending', 100)).toBe(true);
    expect(await store.get('done')).toEqual({ state: 'done', answer });
    vi.advanceTimersByTime(400);
    expect(await store.get('done')).toBeUndefined();
  });

  it('keeps at most maxKeys, forgetting the oldest first', async () => {
    const store = createMemoryStore({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await store.claim(key, 1000);
    expect(await store.get('a')).toBeUndefined();
    for (const key of ['b', 'c', 'd']) expect(await store.get(key)).toEqual({ state: 'pending' });
    // Settling re-inserts: 'b' is now the newest, so 'c' goes next.
    await store.settle('b', answer, 1000);
    await store.claim('e', 1000);
    expect(await store.get('c')).toBeUndefined();
    expect(await store.get('b')).toEqual({ state: 'done', answer });
  });
});
