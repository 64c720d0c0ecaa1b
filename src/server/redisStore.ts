import type { Answer } from './answer.js';
import type { IdempotencyRecord, IdempotencyStore } from './idempotencyStore.js';

/**
 * The commands the Redis store uses, as the `redis` package's client (v5 and later) has them:
 * pass `createClient({ url })` after `await client.connect()`.
 */
export interface RedisClientLike {
  set(
    key: string,
    value: string,
    options: { condition?: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  get(key: string): Promise<string | null | unknown>;
  del(key: string): Promise<unknown>;
}

/** Options of the Redis store. */
export interface RedisStoreOptions {
  /** Prefix of every key the store writes. Default `dub-track:idempotency:`. */
  prefix?: string;
}

/**
 * Keeps keys in Redis, shared by every server instance: a claim is `SET … NX PX` (only one
 * instance wins it), and every key expires on its own (`PX`).
 */
export function createRedisStore(
  client: RedisClientLike,
  { prefix = 'dub-track:idempotency:' }: RedisStoreOptions = {},
): IdempotencyStore {
  const pending = JSON.stringify({ state: 'pending' });
  return {
    async claim(key, ttlMs) {
      const reply = await client.set(prefix + key, pending, {
        condition: 'NX',
        expiration: { type: 'PX', value: ttlMs },
      });
      return reply === 'OK';
    },
    async get(key) {
      const value = await client.get(prefix + key);
      return typeof value === 'string' ? (JSON.parse(value) as IdempotencyRecord) : undefined;
    },
    async settle(key, answer: Answer, ttlMs) {
      const record: IdempotencyRecord = { state: 'done', answer };
      await client.set(prefix + key, JSON.stringify(record), {
        expiration: { type: 'PX', value: ttlMs },
      });
    },
    async release(key) {
      await client.del(prefix + key);
    },
  };
}
