// One event's delivery alone (`take`, `deliver`, `failed`) on one engine's record: the result or
// the error each way it can end, what the outbox keeps, the replay backoff it asks for, and the
// return from the back/forward cache.
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import { deliver, failed, take } from '../../../src/engine/attempt.js';
import type { Context } from '../../../src/engine/context.js';
import type { OutboxEntry } from '../../../src/outbox/entry.js';
import { LEASE_MS } from '../../../src/outbox/lease.js';
import {
  BODY,
  freshPage,
  kept,
  LEAD,
  leavePage,
  OUTCOME,
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

/** A call of this page, kept naming this tab, as `sendOwn` leaves it. */
const own = (ctx: Context, id: string, fields: Partial<OutboxEntry> = {}): OutboxEntry => {
  const entry = { id, kind: 'lead' as const, createdAt: Date.now(), attempts: 0, body: BODY };
  ctx.leases_.hold();
  ctx.outbox_.add({ ...entry, owner: ctx.leases_.owner, ...fields }, () => true);
  return entry;
};

describe('deliver', () => {
  it("resolves a call of this page with the endpoint's result, and the event leaves the outbox", async () => {
    fetch.mockImplementation(async () => new Response('{"ok":1}'));
    const { ctx, successes } = recordWith();
    await expect(deliver(ctx, own(ctx, 'd1'), true)).resolves.toMatchObject({
      eventId: 'd1',
      status: 200,
      data: { ok: 1 },
    });
    expect(successes).toHaveLength(1);
    expect(stored('d1')).toBeNull();
    expect(ctx.inFlight_.size).toBe(0);
  });

  it('rejects with an error built once as kept, and leaves the event for a later attempt', async () => {
    fetch.mockImplementation(async () => new Response('{}', { status: 503 }));
    const { ctx, errors } = recordWith();
    const later = spyLater(ctx);
    const error = await deliver(ctx, own(ctx, 'd2'), true).catch((thrown) => thrown);
    expect(error).toMatchObject({ name: 'SDKError', willRetry: true, kept: 'storage', attempt: 1 });
    expect(errors).toEqual([error]);
    expect(stored('d2')).toMatchObject({ attempts: 1, lastError: 'SDKError' });
    expect(stored('d2').owner).toBeUndefined();
    expect(later).toHaveBeenCalledTimes(1);
  });

  it('ends an event the endpoint refuses, and leaves the refusal for the late page of a raw call', async () => {
    fetch.mockImplementation(async () => new Response('{}', { status: 422 }));
    kept('d3', { body: undefined, input: LEAD, createdAt: Date.now() - 10_000 });
    const { ctx, errors } = recordWith();
    ctx.outbox_.load();
    const replay = deliver(ctx, ctx.outbox_.get('d3') as OutboxEntry, false).catch((e) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect(await replay).toMatchObject({ name: 'UnprocessableEntity', willRetry: false });
    expect(errors).toHaveLength(1);
    expect(stored('d3')).toBeNull();
    expect(JSON.parse(localStorage.getItem(`${OUTCOME}d3`) ?? 'null')).toMatchObject({
      error: { name: 'UnprocessableEntity', status: 422 },
    });
  });
});

describe('the replay backoff a failure asks for', () => {
  it('doubles from 5 s each failed round, up to one minute, and starts again after a success', () => {
    // The random half of each wait at its top: the whole wait.
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    const { ctx } = recordWith();
    const later = spyLater(ctx);
    const entry = own(ctx, 'b1');
    const error = {
      name: 'SDKError' as const,
      message: '503',
      kind: 'lead' as const,
      eventId: 'b1',
    };
    for (let round = 1; round <= 6; round++)
      failed(ctx, entry, false, false, { error: { ...error, attempt: round }, retry: true });
    const waits = later.mock.calls.map(([ms]) => Math.round(ms / 1_000));
    expect(waits).toEqual([5, 10, 20, 40, 60, 60]);
    ctx.delivered_();
    failed(ctx, entry, false, false, { error: { ...error, attempt: 7 }, retry: true });
    expect(Math.round(later.mock.calls[6][0] / 1_000)).toBe(5);
  });

  it("asks for the endpoint's own wait when it gave one past the page's patience", () => {
    const { ctx } = recordWith();
    const later = spyLater(ctx);
    const entry = own(ctx, 'b2');
    const notBefore = Date.now() + 120_000;
    const error = { name: 'RateLimitExceeded' as const, message: '429', attempt: 1 };
    const made = failed(ctx, entry, true, false, { error, retry: true, notBefore });
    expect(later).toHaveBeenCalledWith(120_000);
    expect(stored('b2')).toMatchObject({ notBefore });
    expect(made).toMatchObject({ willRetry: true, kept: 'storage' });
  });
});

describe('take', () => {
  it("leaves a replay of another live tab's event, and looks again once its lease could end", async () => {
    otherTab(60_000);
    kept('t1', { owner: 'other' });
    const { ctx } = recordWith();
    const later = spyLater(ctx);
    ctx.outbox_.load();
    await expect(take(ctx, ctx.outbox_.get('t1') as OutboxEntry, false)).resolves.toBeUndefined();
    expect(later).toHaveBeenCalledWith(LEASE_MS);
  });

  it('validates a raw call another page left before it is sent', async () => {
    kept('t2', { body: undefined, input: LEAD, createdAt: Date.now() - 10_000 });
    const { ctx } = recordWith();
    ctx.outbox_.load();
    const taking = take(ctx, ctx.outbox_.get('t2') as OutboxEntry, false);
    await vi.advanceTimersByTimeAsync(100);
    const ready = await taking;
    expect(JSON.parse(ready?.body ?? '')).toMatchObject(LEAD);
    expect(stored('t2')).toMatchObject({ owner: ctx.leases_.owner, body: ready?.body });
    expect(stored('t2').input).toBeUndefined();
  });

  it('waits while the page is in the back/forward cache, and gives up a call another page took meanwhile', async () => {
    const { ctx } = recordWith();
    const entry = own(ctx, 't3');
    let show = () => {};
    ctx.hidden_ = new Promise((resolve) => {
      show = resolve;
    });
    const taking = take(ctx, entry, true).catch((thrown) => thrown);
    otherTab(60_000);
    kept('t3', { owner: 'other' });
    show();
    expect(await taking).toMatchObject({ name: 'NetworkError', eventId: 't3', willRetry: true });
    expect(stored('t3').owner).toBe('other');
  });
});
