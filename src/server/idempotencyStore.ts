import type { Answer } from './answer.js';

/**
 * A key's record: claimed by a request still running (`token` names that request), or the first
 * answer, kept to replay, with the hash of the body it answered (a repeat with another body is
 * refused).
 */
export type IdempotencyRecord =
  | { state: 'pending'; token?: string }
  | { state: 'done'; answer: Answer; bodyHash?: string };

/**
 * Where idempotency keys are kept. The default keeps them in this process's memory; a site that
 * runs more than one server instance passes a shared store (`createRedisStore`).
 *
 * Each request claims a key with a `token` of its own. A claim lapses after `ttlMs` (a request
 * that hangs must not hold its key forever); a store that honours the token then lets a request
 * whose claim lapsed neither free nor overwrite the claim another request took meanwhile.
 */
export interface IdempotencyStore {
  /** Claims `key` as pending for `ttlMs` if no one holds it: `true` when this caller now holds it. */
  claim(key: string, ttlMs: number, token: string): Promise<boolean>;
  /** The key's record, or `undefined` when it is free. */
  get(key: string): Promise<IdempotencyRecord | undefined>;
  /**
   * Replaces this request's claim (or a lapsed one) with the first answer and the hash of its
   * body, kept for `ttlMs`.
   */
  settle(
    key: string,
    answer: Answer,
    ttlMs: number,
    token: string,
    bodyHash?: string,
  ): Promise<void>;
  /** Frees this request's claim, after it failed in a way worth retrying. */
  release(key: string, token: string): Promise<void>;
}

/** Options of the in-memory store. */
export interface MemoryStoreOptions {
  /**
   * Keys kept at most; beyond it the oldest are forgotten first, even before their time is up.
   * Default `10000`.
   */
  maxKeys?: number;
}

/**
 * Keeps keys in this process's memory, bounded and expiring: right for one server process only
 * (a restart forgets them; several instances each have their own, so the same key can be sent
 * once by each). A key is kept for its time (7 days by default) or until `maxKeys` newer keys
 * push it out, whichever comes first.
 */
export function createMemoryStore({ maxKeys = 10_000 }: MemoryStoreOptions = {}): IdempotencyStore {
  const records = new Map<string, { record: IdempotencyRecord; expiresAt: number }>();
  const live = (key: string) => {
    const kept = records.get(key);
    if (kept && kept.expiresAt <= Date.now()) records.delete(key);
    return kept && kept.expiresAt > Date.now() ? kept.record : undefined;
  };
  const put = (key: string, record: IdempotencyRecord, ttlMs: number) => {
    // Re-inserted at the end, so the Map's order is oldest first.
    records.delete(key);
    while (records.size >= maxKeys) records.delete(records.keys().next().value as string);
    records.set(key, { record, expiresAt: Date.now() + ttlMs });
  };
  /** Whether `key` is free, or still claimed by the request `token`. */
  const mine = (key: string, token: string) => {
    const record = live(key);
    return !record || (record.state === 'pending' && record.token === token);
  };
  return {
    async claim(key, ttlMs, token) {
      if (live(key)) return false;
      put(key, { state: 'pending', token }, ttlMs);
      return true;
    },
    async get(key) {
      return live(key);
    },
    async settle(key, answer, ttlMs, token, bodyHash) {
      if (mine(key, token)) put(key, { state: 'done', answer, bodyHash }, ttlMs);
    },
    async release(key, token) {
      if (mine(key, token)) records.delete(key);
    },
  };
}
