// Consent alone (`consent` with `sendOwn`) on one engine's record: a call held in memory until
// consent is given, then delivered; rejected when it is refused, its event forgotten.
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { ConsentState } from '../../../src/contract.js';
import { consent } from '../../../src/engine/consent.js';
import { sendOwn } from '../../../src/engine/own.js';
import { call, freshPage, leavePage, recordWith } from './record.js';

let fetch: Mock;
beforeEach(() => {
  fetch = freshPage();
});
afterEach(leavePage);

describe('consent', () => {
  it('holds a call in memory until consent is given, then delivers it and resolves its promise', async () => {
    let state: ConsentState = 'pending';
    const { ctx, flush } = recordWith({}, () => state);
    let settled: unknown;
    const sent = sendOwn(ctx, call('c1')).then((result) => {
      settled = result;
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetch).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
    expect(ctx.held_.has('c1')).toBe(true);
    expect(settled).toBeUndefined();
    state = 'granted';
    consent(ctx, true);
    await sent;
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(settled).toMatchObject({ eventId: 'c1', status: 200 });
    expect(ctx.held_.size).toBe(0);
    // The rest of the outbox is replayed too.
    expect(flush).toHaveBeenCalledWith(ctx);
  });

  it('rejects a held call when consent is refused, and forgets its event', async () => {
    let state: ConsentState = 'pending';
    const { ctx } = recordWith({}, () => state);
    const sent = sendOwn(ctx, call('c2')).catch((thrown) => thrown);
    state = 'denied';
    consent(ctx, false);
    expect(await sent).toMatchObject({ name: 'ConfigError', message: 'consent was refused' });
    expect(ctx.outbox_.list()).toEqual([]);
    expect(ctx.store_.hasMemory()).toBe(false);
    expect(fetch).not.toHaveBeenCalled();
  });
});
