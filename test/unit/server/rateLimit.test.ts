// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/server/rateLimit.js';

describe('createRateLimiter', () => {
  it('lets `limit` requests through per client and window, then says how long to wait', async () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000 });
    expect(await limiter.take('a')).toBe(0);
    expect(await limiter.take('a')).toBe(0);
    const wait = await limiter.take('a');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await limiter.take('b')).toBe(0);
  });

  it('counts with a given limiter, and rejects when that limiter fails (not a refusal)', async () => {
    const keys: string[] = [];
    const refusing = createRateLimiter({
      limiter: {
        consume: async (key) => {
          keys.push(key);
          throw { msBeforeNext: 1500, remainingPoints: 0 };
        },
      },
    });
    expect(await refusing.take('c')).toBe(1500);
    expect(keys).toEqual(['c']);
    const failing = createRateLimiter({
      limiter: {
        consume: async () => {
          throw new Error('Redis is away');
        },
      },
    });
    await expect(failing.take('c')).rejects.toThrow('Redis is away');
  });
});
