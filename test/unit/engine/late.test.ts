// Late calls alone (`settleLate`, and the outcomes of `outcomes.ts`) on one engine's record: a
// call whose raw input another tab may have taken settles with what that tab left, waits while
// that tab holds it, or is sent by its own page.
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import { settleLate } from '../../../src/engine/late.js';
import {
  leaveOutcome,
  OUTCOME_MS,
  readOutcome,
  sweepOutcomes,
} from '../../../src/engine/outcomes.js';
import { recordKey } from '../../../src/outbox/record.js';
import {
  call,
  freshPage,
  kept,
  LEAD,
  leavePage,
  OUTCOME,
  otherTab,
  recordWith,
  stored,
} from './record.js';

let fetch: Mock;
beforeEach(() => {
  fetch = freshPage();
});
afterEach(leavePage);

/** The raw call the core kept for it `ageMs` ago. */
const raw = (id: string, ageMs: number, fields = {}) =>
  kept(id, { createdAt: Date.now() - ageMs, body: undefined, input: LEAD, ...fields });

describe('settleLate', () => {
  it('settles with the result another tab left, without sending, and takes the outcome', async () => {
    const { ctx, successes } = recordWith();
    const result = { eventId: 'o1', status: 200, data: { ok: 1 }, recorded: true };
    leaveOutcome(ctx.store_, 'o1', { result });
    ctx.calls_.add('o1');
    await expect(settleLate(ctx, call('o1'))).resolves.toEqual(result);
    expect(successes).toEqual([{ kind: 'lead', ...result }]);
    expect(fetch).not.toHaveBeenCalled();
    expect(readOutcome(ctx.store_, 'o1')).toBeNull();
    expect(ctx.calls_.size + ctx.inFlight_.size).toBe(0);
  });

  it('rejects with the error another tab left, built as that tab built it', async () => {
    const { ctx, errors } = recordWith();
    const error = { name: 'UnprocessableEntity' as const, message: 'bad', status: 422, attempt: 1 };
    leaveOutcome(ctx.store_, 'o2', { error });
    const settled = await settleLate(ctx, call('o2')).catch((thrown) => thrown);
    expect(settled).toMatchObject(error);
    expect(settled).toBeInstanceOf(Error);
    expect(errors).toEqual([settled]);
  });

  it('waits while another tab holds the raw call, then settles with what it left', async () => {
    otherTab(60_000);
    raw('o3', 2_000, { owner: 'other' });
    const { ctx } = recordWith();
    let settled: unknown;
    void settleLate(ctx, call('o3')).then((result) => {
      settled = result;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(settled).toBeUndefined();
    const result = { eventId: 'o3', status: 200, data: {}, recorded: true };
    leaveOutcome(ctx.store_, 'o3', { result });
    localStorage.removeItem(recordKey('o3'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(settled).toEqual(result);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('is kept for a later attempt, as its raw call is, when another tab already tried it', async () => {
    raw('o4', 5_000, { attempts: 1, lastError: 'SDKError' });
    const { ctx } = recordWith();
    expect(await settleLate(ctx, call('o4')).catch((thrown) => thrown)).toMatchObject({
      name: 'SDKError',
      willRetry: true,
      kept: 'storage',
      attempt: 1,
    });
    expect(fetch).not.toHaveBeenCalled();
    expect(stored('o4')).not.toBeNull();
  });

  it('is sent by its own page when nobody took its raw call', async () => {
    raw('o5', 2_000);
    const { ctx } = recordWith();
    const settled = settleLate(ctx, call('o5'));
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(settled).resolves.toMatchObject({ eventId: 'o5', status: 200 });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(stored('o5')).toBeNull();
  });
});

describe('outcomes', () => {
  it('are swept once no late page came for them within ten minutes', () => {
    const { ctx } = recordWith();
    leaveOutcome(ctx.store_, 'old', {
      result: { eventId: 'old', status: 200, data: {}, recorded: true },
    });
    vi.advanceTimersByTime(OUTCOME_MS - 1_000);
    leaveOutcome(ctx.store_, 'new', {
      result: { eventId: 'new', status: 200, data: {}, recorded: true },
    });
    localStorage.setItem(`${OUTCOME}unreadable`, '{');
    vi.advanceTimersByTime(2_000);
    sweepOutcomes(ctx.store_);
    expect(readOutcome(ctx.store_, 'old')).toBeNull();
    expect(localStorage.getItem(`${OUTCOME}unreadable`)).toBeNull();
    expect(readOutcome(ctx.store_, 'new')).toMatchObject({ result: { eventId: 'new' } });
  });
});
