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
      once('k', async () => {
        throw new Error('bug');
      }),
    ).rejects.toThrow('bug');
    expect(await store.get('k')).toBeUndefined();
    expect(await once('k', async () => ok)).toEqual({ answer: ok, replayed: false });
  });

  it('frees the key after an answer the browser retries, and keeps a final one', async () => {
    const store = createMemoryStore();
    const once = createOnce(store, times, () => {});
    await once('retried', async () => ({ status: 503, body: '' }));
    expect(await store.get('retried')).toBeUndefined();
    await once('final', async () => ({ status: 422, body: '{}' }));
    expect(await store.get('final')).toEqual({
      state: 'done',
      answer: { status: 422, body: '{}' },
    });
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
    expect(await once('k', work)).toEqual({ busy: true });
    expect(runs).toBe(0);
  });
});
