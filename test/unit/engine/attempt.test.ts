// One event's delivery alone (`take`, `deliver`, `failed`) on one engine's record: the result or
// the error each way it can end, what the outbox keeps, the replay backoff it asks for, and the
// return from the back/forward cache.
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import { deliver, failed, take } from '../../../src/engine/attempt.js';
import type { Context, Ready } from '../../../src/engine/context.js';
import type { OutboxEntry } from '../../../src/outbox/entry.js';
import { LEASE_MS } from '../../../src/outbox/lease.js';
import { recordKey } from '../../../src/outbox/record.js';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';
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
    await expect(
      take(ctx, ctx.outbox_.get('t1') as OutboxEntry, false, false),
    ).resolves.toBeUndefined();
    expect(later).toHaveBeenCalledWith(LEASE_MS);
  });

  it('validates a raw call another page left before it is sent', async () => {
    kept('t2', { body: undefined, input: LEAD, createdAt: Date.now() - 10_000 });
    const { ctx } = recordWith();
    ctx.outbox_.load();
    const taking = take(ctx, ctx.outbox_.get('t2') as OutboxEntry, false, true);
    await vi.advanceTimersByTimeAsync(100);
    const ready = (await taking) as Ready;
    expect(JSON.parse(ready.body)).toMatchObject(LEAD);
    expect(stored('t2')).toMatchObject({ owner: ctx.leases_.owner, body: ready.body });
    expect(stored('t2').input).toBeUndefined();
  });

  it('waits while the page is in the back/forward cache, and gives up a call another page took meanwhile', async () => {
    const { ctx } = recordWith();
    const entry = own(ctx, 't3');
    let show = () => {};
    ctx.hidden_ = new Promise((resolve) => {
      show = resolve;
    });
    const taking = take(ctx, entry, true, false);
    otherTab(60_000);
    kept('t3', { owner: 'other' });
    show();
    const error = await taking;
    expect(error).toBeInstanceOf(DubTrackError);
    expect(error).toMatchObject({ name: 'NetworkError', eventId: 't3', willRetry: true });
    expect(stored('t3').owner).toBe('other');
  });
});

describe('take, as a result value', () => {
  /** A raw call another page left `ageMs` ago, its input `input`. */
  const raw = (id: string, input: unknown, fields = {}) =>
    kept(id, { body: undefined, input, createdAt: Date.now() - 10_000, ...fields });
  /** `take` of the event kept as `id`, the fake clock run past the claim. */
  const taken = async (ctx: Context, id: string, own: boolean, forLatePage = false) => {
    const taking = take(ctx, ctx.outbox_.get(id) as OutboxEntry, own, forLatePage);
    await vi.advanceTimersByTimeAsync(100);
    return taking;
  };

  it('gives nothing for a replay whose event is gone, and asks for no later look', async () => {
    kept('g1');
    const { ctx } = recordWith();
    const later = spyLater(ctx);
    const entry = ctx.outbox_.get('g1') as OutboxEntry;
    localStorage.removeItem(recordKey('g1'));
    await expect(take(ctx, entry, false, false)).resolves.toBeUndefined();
    expect(later).not.toHaveBeenCalled();
  });

  it('ends a call of this page whose event left the outbox before its turn', async () => {
    const { ctx } = recordWith();
    const entry = own(ctx, 'g2');
    localStorage.removeItem(recordKey('g2'));
    const error = await take(ctx, entry, true, false);
    expect(error).toBeInstanceOf(DubTrackError);
    expect(error).toMatchObject({ name: 'NetworkError', eventId: 'g2', willRetry: false });
    expect((error as DubTrackError).message).toBe('event g2 left the outbox unsent');
  });

  it('gives a call of this page that another live tab took the error of one sent elsewhere, still kept', async () => {
    const { ctx } = recordWith();
    const entry = own(ctx, 'g3');
    otherTab(60_000);
    kept('g3', { owner: 'other' });
    const error = await take(ctx, entry, true, false);
    expect(error).toMatchObject({ name: 'NetworkError', eventId: 'g3', willRetry: true });
    expect(stored('g3').owner).toBe('other');
  });

  it('ends a customer the endpoint has no route for, and leaves the refusal for its late page', async () => {
    raw('c1', { customerExternalId: 'cus_1' }, { kind: 'customer' });
    const { ctx } = recordWith();
    ctx.config_.customerRefusal = 'customers need your own endpoint';
    const error = await taken(ctx, 'c1', false, true);
    expect(error).toBeInstanceOf(DubTrackError);
    expect(error).toMatchObject({
      name: 'ConfigError',
      message: 'customers need your own endpoint',
      kind: 'customer',
      eventId: 'c1',
      willRetry: false,
    });
    expect(stored('c1')).toBeNull();
    expect(JSON.parse(localStorage.getItem(`${OUTCOME}c1`) ?? 'null')).toMatchObject({
      error: { name: 'ConfigError', message: 'customers need your own endpoint' },
    });
  });

  it('ends a raw call whose input fails validation, with the ValidationError as a value', async () => {
    raw('v1', { eventName: 'Sign up' });
    const { ctx } = recordWith();
    const error = await taken(ctx, 'v1', false, true);
    expect(error).toBeInstanceOf(DubTrackError);
    expect(error).toMatchObject({ name: 'ValidationError', kind: 'lead', willRetry: false });
    expect((error as DubTrackError).issues[0]).toMatchObject({ path: 'customerExternalId' });
    expect(stored('v1')).toBeNull();
    expect(JSON.parse(localStorage.getItem(`${OUTCOME}v1`) ?? 'null')).toMatchObject({
      error: { name: 'ValidationError', message: (error as DubTrackError).message },
    });
  });

  it('leaves no outcome where no late page waits (a call of this page)', async () => {
    raw('v2', { eventName: 'Sign up' }, { owner: undefined });
    const { ctx } = recordWith();
    ctx.leases_.hold();
    const error = await taken(ctx, 'v2', true, false);
    expect(error).toMatchObject({ name: 'ValidationError' });
    expect(stored('v2')).toBeNull();
    expect(localStorage.getItem(`${OUTCOME}v2`)).toBeNull();
  });

  it('gives nothing for a replay whose lease another page took while this one was in the back/forward cache', async () => {
    kept('h1');
    const { ctx } = recordWith();
    let show = () => {};
    ctx.hidden_ = new Promise((resolve) => {
      show = resolve;
    });
    const taking = take(ctx, ctx.outbox_.get('h1') as OutboxEntry, false, false);
    await vi.advanceTimersByTimeAsync(100);
    otherTab(60_000);
    kept('h1', { owner: 'other' });
    show();
    await expect(taking).resolves.toBeUndefined();
    expect(stored('h1').owner).toBe('other');
  });

  it('ends a call of this page whose event left the outbox while it was in the back/forward cache', async () => {
    const { ctx } = recordWith();
    const entry = own(ctx, 'h2');
    let show = () => {};
    ctx.hidden_ = new Promise((resolve) => {
      show = resolve;
    });
    const taking = take(ctx, entry, true, false);
    localStorage.removeItem(recordKey('h2'));
    show();
    expect(await taking).toMatchObject({
      name: 'NetworkError',
      message: 'event h2 left the outbox unsent',
      willRetry: false,
    });
  });

  it('lets deliver reject with the error take ends with, after one error event', async () => {
    raw('v3', { eventName: 'Sign up' });
    const { ctx, errors } = recordWith();
    const delivering = deliver(ctx, ctx.outbox_.get('v3') as OutboxEntry, false).catch((e) => e);
    await vi.advanceTimersByTimeAsync(100);
    const error = await delivering;
    expect(error).toMatchObject({ name: 'ValidationError' });
    expect(errors).toEqual([error]);
    expect(fetch).not.toHaveBeenCalled();
    expect(ctx.inFlight_.size).toBe(0);
  });
});
