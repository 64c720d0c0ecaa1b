// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/server/rateLimit.js';

describe('createRateLimiter', () => {
  it('lets `limit` requests through per client and window, then says how long to wait', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 1000 });
    expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.take('a', 100)).toBe(0);
    expect(limiter.take('a', 250)).toBe(750);
    expect(limiter.take('b', 250)).toBe(0);
    // A new window starts when the old one ends.
    expect(limiter.take('a', 1000)).toBe(0);
  });
});
