// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createMemoryStore, type IdempotencyStore } from '../../../src/server/idempotencyStore.js';
import { createOnce } from '../../../src/server/once.js';

const times = { answerTtlMs: 60_000, pendingTtlMs: 60_000, waitMs: 200 };
const ok = { status: 200, body: '{}' };

describe('createOnce', () => {
  it('frees the key when the work fails without an answer, so a retry runs it', async () => {
    const store = createMemoryStore();
    const once = createOnce(store, times, () => {});
    await expect(
      once('k', 'h', async () => {
        throw new Error('bug');
      }),
    ).rejects.toThrow('bug');
    expect(await store.get('k')).toBeUndefined();
    expect(await once('k', 'h', async () => ok)).toEqual({ answer: ok, replayed: false });
  });

  it('frees the key after an answer the browser retries, and keeps a final one', async () => {
    const store = createMemoryStore();
    const once = createOnce(store, times, () => {});
    await once('retried', 'h', async () => ({ status: 503, body: '' }));
    expect(await store.get('retried')).toBeUndefined();
    await once('final', 'h', async () => ({ status: 422, body: '{}' }));
    expect(await store.get('final')).toEqual({
      state: 'done',
      answer: { status: 422, body: '{}' },
      bodyHash: 'h',
    });
  });

  it('refuses the same key with another body, running nothing, while it runs and after', async () => {
    const store = createMemoryStore();
    const once = createOnce(store, times, () => {});
    let runs = 0;
    let finish = (_answer: typeof ok) => {};
    const first = once('k', 'body-a', () => {
      runs++;
      return new Promise((resolve) => {
        finish = resolve;
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await once('k', 'body-b', async () => ok)).toEqual({ conflict: true });
    finish(ok);
    expect(await first).toEqual({ answer: ok, replayed: false });
    // Another process (no local promise) reads the kept record.
    const elsewhere = createOnce(store, times, () => {});
    expect(await elsewhere('k', 'body-b', async () => ok)).toEqual({ conflict: true });
    expect(await elsewhere('k', 'body-a', async () => ok)).toEqual({ answer: ok, replayed: true });
    expect(runs).toBe(1);
  });

  it('answers busy after waitMs when a store never lets the key be claimed nor read', async () => {
    const stuck: IdempotencyStore = {
      claim: async () => false,
      get: async () => undefined,
      settle: async () => {},
      release: async () => {},
    };
    let runs = 0;
    const once = createOnce(stuck, times, () => {});
    const work = async () => {
      runs++;
      return ok;
    };
    expect(await once('k', 'h', work)).toEqual({ busy: true });
    expect(runs).toBe(0);
  });

  it('keeps trying to store an answer after a store blip, so a later repeat is replayed', async () => {
    const memory = createMemoryStore();
    let failures = 1;
    const blipping: IdempotencyStore = {
      ...memory,
      settle: async (...args) => {
        if (failures-- > 0) throw new Error('Redis away');
        return memory.settle(...args);
      },
    };
    const reported: unknown[] = [];
    const once = createOnce(blipping, times, (error) => reported.push(error));
    expect(await once('k', 'h', async () => ok)).toEqual({ answer: ok, replayed: false });
    expect(reported).toHaveLength(1);
    await expect.poll(() => memory.get('k')).toEqual({ state: 'done', answer: ok, bodyHash: 'h' });
  });
});
