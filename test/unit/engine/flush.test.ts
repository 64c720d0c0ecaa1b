// The replay alone (`flush`, `waitFor`) on one engine's record: leases and their takeover, the
// hand-over grace, a long Retry-After and another page's raw call.
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { Context } from '../../../src/engine/context.js';
import { flush, waitFor } from '../../../src/engine/flush.js';
import { HANDED_GRACE_MS } from '../../../src/engine/handover.js';
import { RAW_GRACE_MS } from '../../../src/engine/rawGrace.js';
import { LEASE_MS } from '../../../src/outbox/lease.js';
import {
  freshPage,
  kept,
  LEAD,
  leavePage,
  otherTab,
  recordWith,
  spyLater,
  stored,
} from './record.js';

let fetch: Mock;
beforeEach(() => {
  fetch = freshPage();
});
afterEach(leavePage);

/** The record with the replay timer spied on, after storage was written. */
const record = (options = {}) => {
  const made = recordWith(options);
  return { ...made, later: spyLater(made.ctx) };
};
const entryOf = (ctx: Context, id: string) => {
  ctx.outbox_.load();
  return ctx.outbox_.get(id) ?? null;
};

describe('leases', () => {
  it("leaves another live tab's event alone until its lease runs out, then takes it over", async () => {
    // The other tab beat last just now and then vanished (a crash): no pagehide, no more beats.
    otherTab(LEASE_MS);
    kept('l1', { owner: 'other' });
    const { ctx } = record();
    await flush(ctx);
    expect(fetch).not.toHaveBeenCalled();
    expect(stored('l1')?.owner).toBe('other');
    await vi.advanceTimersByTimeAsync(LEASE_MS + 1);
    const sent = flush(ctx);
    await vi.advanceTimersByTimeAsync(100);
    await sent;
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(stored('l1')).toBeNull();
  });

  it('never takes the event of a tab that keeps beating, and looks again once a lease could end', async () => {
    otherTab(60 * LEASE_MS);
    kept('l2', { owner: 'other' });
    const { ctx, later } = record();
    const sent = flush(ctx);
    await vi.advanceTimersByTimeAsync(100);
    await sent;
    expect(fetch).not.toHaveBeenCalled();
    expect(stored('l2')?.owner).toBe('other');
    expect(later).toHaveBeenCalledWith(LEASE_MS);
  });
});

describe('the hand-over grace', () => {
  it('resends an event handed over at unload only after HANDED_GRACE_MS, where a resend counts once', async () => {
    kept('h1', { handed: Date.now() });
    const { ctx, later } = record({ idempotencyHeader: 'Idempotency-Key' });
    expect(waitFor(ctx, entryOf(ctx, 'h1') as never, Date.now())).toBe(HANDED_GRACE_MS);
    await flush(ctx);
    expect(fetch).not.toHaveBeenCalled();
    expect(later).toHaveBeenCalledWith(HANDED_GRACE_MS);
    await vi.advanceTimersByTimeAsync(HANDED_GRACE_MS);
    const sent = flush(ctx);
    await vi.advanceTimersByTimeAsync(100);
    await sent;
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(stored('h1')).toBeNull();
  });

  it('takes a first attempt handed over to an answering endpoint as delivered: dropped and reported', async () => {
    // Dub's API, a lead without customer de-duplication (deferred): a resend could count twice.
    kept('h2', { handed: Date.now(), body: JSON.stringify({ ...LEAD, mode: 'deferred' }) });
    const { ctx, errors } = record({ apiHost: undefined, publishableKey: 'dub_pk_test' });
    await flush(ctx);
    expect(fetch).not.toHaveBeenCalled();
    expect(stored('h2')).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({ name: 'NetworkError', eventId: 'h2', attempt: 1 }),
    ]);
    expect(errors[0].message).toContain('a resend is safe with a lead not deferred');
  });

  it("leaves a handed-over event on another live tab's wire to that tab", () => {
    otherTab(60 * LEASE_MS);
    kept('h3', { handed: Date.now(), owner: 'other' });
    const { ctx, later } = record({ idempotencyHeader: 'Idempotency-Key' });
    expect(waitFor(ctx, entryOf(ctx, 'h3') as never, Date.now())).toBeUndefined();
    expect(later).toHaveBeenCalledWith(LEASE_MS);
  });
});

describe('what is not due yet', () => {
  it("waits for a long Retry-After's time, and for another page's young raw call", () => {
    kept('n1', { notBefore: Date.now() + 90_000 });
    kept('n2', { body: undefined, input: LEAD, createdAt: Date.now() - 1_000 });
    const { ctx } = record();
    expect(waitFor(ctx, entryOf(ctx, 'n1') as never, Date.now())).toBe(90_000);
    expect(waitFor(ctx, entryOf(ctx, 'n2') as never, Date.now())).toBe(RAW_GRACE_MS - 1_000);
  });

  it("leaves a raw call past its grace to this page's own call of it, which waits its turn", async () => {
    kept('n4', { body: undefined, input: LEAD, createdAt: Date.now() - 2 * RAW_GRACE_MS });
    const { ctx } = record();
    // The core handed it to this engine (`track`), whose pacing has not reached it yet.
    ctx.calls_.add('n4');
    const left = flush(ctx);
    await vi.advanceTimersByTimeAsync(100);
    await left;
    expect(fetch).not.toHaveBeenCalled();
    expect(stored('n4')).not.toBeNull();
    // Another page's raw call as old is due.
    ctx.calls_.delete('n4');
    const sent = flush(ctx);
    await vi.advanceTimersByTimeAsync(100);
    await sent;
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(stored('n4')).toBeNull();
  });

  it('sends nothing while the page is hidden (pagehide until pageshow)', async () => {
    kept('n3');
    const { ctx } = record();
    ctx.hidden_ = new Promise(() => {});
    await flush(ctx);
    expect(fetch).not.toHaveBeenCalled();
    expect(stored('n3')).not.toBeNull();
  });
});
