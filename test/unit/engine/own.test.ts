// A call of this page alone (`sendOwn`) on one engine's record: kept naming this tab, after its
// heartbeat, then delivered; without consent, kept in memory only.
import { afterEach, beforeEach, describe, expect, it, type Mock } from 'vitest';
import { sendOwn } from '../../../src/engine/own.js';
import { BODY, call, freshPage, leavePage, recordWith, stored, TAB } from './record.js';

let fetch: Mock;
beforeEach(() => {
  fetch = freshPage();
});
afterEach(leavePage);

describe('sendOwn', () => {
  it("keeps the event naming this tab, after the tab's heartbeat, before its request starts", async () => {
    let seen: unknown;
    let beat: string | null = null;
    const { ctx } = recordWith();
    fetch.mockImplementation(async () => {
      seen = stored('s1');
      beat = localStorage.getItem(TAB + ctx.leases_.owner);
      return new Response('{}');
    });
    await expect(sendOwn(ctx, call('s1'))).resolves.toMatchObject({ eventId: 's1' });
    expect(seen).toMatchObject({ id: 's1', owner: ctx.leases_.owner, body: BODY });
    expect(Number(beat)).toBeGreaterThan(Date.now());
    expect(stored('s1')).toBeNull();
    // Nothing held any more: the heartbeat is gone.
    expect(localStorage.getItem(TAB + ctx.leases_.owner)).toBeNull();
  });

  it('keeps a call without consent in memory only, held for consent', () => {
    const { ctx } = recordWith({}, () => 'pending');
    void sendOwn(ctx, call('s2'));
    expect(ctx.held_.has('s2')).toBe(true);
    expect(ctx.outbox_.get('s2')).toMatchObject({ id: 's2' });
    expect(localStorage.length).toBe(0);
    expect(fetch).not.toHaveBeenCalled();
  });
});
