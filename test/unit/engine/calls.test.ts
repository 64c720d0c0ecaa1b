// A tracking call alone (`track`) on one engine's record: refused or invalid calls end before
// anything is kept, and a call whose raw input another tab may have taken settles as a late one.
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import { track } from '../../../src/engine/calls.js';
import { leaveOutcome } from '../../../src/engine/outcomes.js';
import { freshPage, kept, LEAD, leavePage, recordWith, stored } from './record.js';

let fetch: Mock;
beforeEach(() => {
  fetch = freshPage();
});
afterEach(leavePage);

describe('track', () => {
  it('refuses a secret key outright, and forgets the raw call the core kept', async () => {
    kept('k1', { body: undefined, input: LEAD });
    const { ctx, errors } = recordWith({ apiHost: undefined, publishableKey: 'dub_secret' });
    ctx.outbox_.load();
    const error = await track(ctx, 'lead', LEAD, 'k1', true).catch((thrown) => thrown);
    expect(error).toMatchObject({ name: 'ConfigError', kind: 'lead' });
    expect(error.message).toContain('secret API key refused');
    expect(errors).toEqual([error]);
    expect(stored('k1')).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('rejects an invalid call with its ValidationError and sends nothing', async () => {
    const { ctx } = recordWith();
    const error = await track(ctx, 'lead', { eventName: '' }, 'k2', false).catch((e) => e);
    expect(error).toMatchObject({ name: 'ValidationError', kind: 'lead' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends a valid call as this page’s own', async () => {
    const { ctx } = recordWith();
    await expect(track(ctx, 'lead', LEAD, 'k3', false)).resolves.toMatchObject({ eventId: 'k3' });
    expect(JSON.parse(fetch.mock.calls[0][1].body)).toMatchObject(LEAD);
  });

  it('settles a call whose raw call another tab already sent with the outcome it left', async () => {
    const { ctx } = recordWith();
    const result = { eventId: 'k4', status: 200, data: {}, recorded: true };
    leaveOutcome(ctx.store_, 'k4', { result });
    const settled = track(ctx, 'lead', LEAD, 'k4', true);
    await vi.advanceTimersByTimeAsync(100);
    await expect(settled).resolves.toEqual(result);
    expect(fetch).not.toHaveBeenCalled();
  });
});
