// The replay timer: one per page, earliest wait wins, backoff doubling up to its cap.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReplay, REPLAY_FIRST_MS, REPLAY_MAX_MS } from '../../../src/engine/replay.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createReplay', () => {
  it('doubles the backoff after each failed round up to its cap, and starts over once delivered', () => {
    // The random half at its top: the whole wait.
    const { backoff, delivered } = createReplay(
      () => {},
      () => 1,
    );
    const waits = Array.from({ length: 6 }, backoff);
    expect(waits).toEqual([5_000, 10_000, 20_000, 40_000, REPLAY_MAX_MS, REPLAY_MAX_MS]);
    delivered();
    expect(backoff()).toBe(REPLAY_FIRST_MS);
  });

  it('spreads tabs over the upper half of each wait', () => {
    const { backoff } = createReplay(
      () => {},
      () => 0,
    );
    expect(backoff()).toBe(REPLAY_FIRST_MS / 2);
  });

  it('keeps one timer that fires at the earliest wait asked for, and flushes once', () => {
    const flush = vi.fn();
    const { later } = createReplay(flush);
    later(10_000);
    later(3_000);
    // A later wait does not push the timer back.
    later(20_000);
    vi.advanceTimersByTime(2_999);
    expect(flush).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(flush).toHaveBeenCalledTimes(1);
    // Once fired, a new wait sets it again.
    later(1_000);
    vi.advanceTimersByTime(1_000);
    expect(flush).toHaveBeenCalledTimes(2);
  });
});
