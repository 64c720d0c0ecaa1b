import { RETRIED_STATUSES } from '../config/dub.js';
import type { Answer } from './answer.js';
import type { IdempotencyStore } from './idempotencyStore.js';

/** How long keys and claims live, and how long a repeat waits for the first request's answer. */
export interface OnceTimes {
  answerTtlMs: number;
  pendingTtlMs: number;
  waitMs: number;
}

/**
 * The first answer for a key (`replayed` when this request did not make it), `busy` while the
 * first request still runs, or `conflict` when the key was used for another body.
 */
export type OnceResult =
  | { answer: Answer; replayed: boolean }
  | { busy: true }
  | { conflict: true };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs each key's work once. A repeat gets the kept first answer; a repeat while the first still
 * runs waits for it (in this process: its promise; elsewhere: the store, polled) up to `waitMs`,
 * then is `busy`. Only final answers are kept: one the browser would retry frees the key.
 */
export function createOnce(
  store: IdempotencyStore,
  times: OnceTimes,
  report: (error: unknown) => void,
) {
  const running = new Map<string, { done: Promise<Answer>; bodyHash: string }>();

  /** Tries a failed store write again with backoff until it succeeds or the claim has lapsed. */
  const persist = async (write: () => Promise<void>) => {
    const until = Date.now() + times.pendingTtlMs;
    for (let delay = 250; Date.now() + delay < until; delay = Math.min(delay * 2, 2000)) {
      await sleep(delay);
      try {
        return await write();
      } catch {}
    }
  };

  const start = (key: string, token: string, bodyHash: string, work: () => Promise<Answer>) => {
    const done = work()
      .then(async (answer) => {
        // Dub has answered: a store that fails now must not turn that answer into a retry (a
        // second conversion). It is tried again in the background while the claim holds, so
        // that a repeat after a Redis blip is replayed rather than sent again.
        const write = RETRIED_STATUSES.includes(answer.status)
          ? () => store.release(key, token)
          : () => store.settle(key, answer, times.answerTtlMs, token, bodyHash);
        try {
          await write();
        } catch (error) {
          report(error);
          void persist(write);
        }
        return answer;
      })
      .catch(async (error) => {
        // No answer at all (a bug, not Dub): the key is freed so that a retry can go through.
        await store.release(key, token).catch(report);
        throw error;
      })
      .finally(() => running.delete(key));
    running.set(key, { done, bodyHash });
    return done;
  };

  /**
   * Runs `work` once for `key`; `bodyHash` binds the key to the body it first came with (a repeat
   * with another body is a `conflict`, never sent).
   */
  return async function once(
    key: string,
    bodyHash: string,
    work: () => Promise<Answer>,
  ): Promise<OnceResult> {
    const deadline = Date.now() + times.waitMs;
    let reclaims = 0;
    for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
      const local = running.get(key);
      if (local && local.bodyHash !== bodyHash) return { conflict: true };
      if (local) return { answer: await local.done, replayed: true };
      // This request's own token: only it may settle or free the claim.
      const token = crypto.randomUUID();
      if (await store.claim(key, times.pendingTtlMs, token))
        return { answer: await start(key, token, bodyHash, work), replayed: false };
      const record = await store.get(key);
      if (record?.state === 'done') {
        // A record kept before keys were bound to bodies has no hash: it is replayed as before.
        if (record.bodyHash !== undefined && record.bodyHash !== bodyHash)
          return { conflict: true };
        return { answer: record.answer, replayed: true };
      }
      // Freed between the claim and the read (the first attempt failed): claim it again, at
      // once a few times, then at the pace of the wait (a store that never agrees cannot spin).
      if (!record && reclaims++ < 3) continue;
      if (running.has(key)) continue;
      const left = deadline - Date.now();
      if (left <= 0) return { busy: true };
      await sleep(Math.min(delay, left));
    }
  };
}
