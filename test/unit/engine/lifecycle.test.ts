// The page lifecycle alone (`hide`, `show`, `listen`) on one engine's record: a request on the
// wire handed over at `pagehide`, taken back at `pageshow` from the back/forward cache, and which
// page events set what off.
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { Context } from '../../../src/engine/context.js';
import { hide, listen, show } from '../../../src/engine/lifecycle.js';
import { BODY, freshPage, leavePage, OUTCOME, recordWith, stored, TAB } from './record.js';

let fetch: Mock;
beforeEach(() => {
  fetch = freshPage();
});
afterEach(leavePage);

/** A call of this page whose request is on the wire now. */
const onWire = (ctx: Context, id: string) => {
  ctx.leases_.hold();
  ctx.outbox_.add(
    { id, kind: 'lead', createdAt: Date.now(), attempts: 0, body: BODY, owner: ctx.leases_.owner },
    () => true,
  );
  ctx.inFlight_.add(id);
  ctx.handover_.wire_(id, 1);
};

describe('pagehide and the return from the back/forward cache', () => {
  it('hands over a request on the wire at pagehide, and takes it back when the page is shown again', async () => {
    // An endpoint that reads the idempotency key: a resend counts once, so it is handed over.
    const { ctx } = recordWith({ idempotencyHeader: 'Idempotency-Key' });
    onWire(ctx, 'p1');
    hide(ctx);
    expect(stored('p1')).toMatchObject({ handed: Date.now(), attempts: 0 });
    expect(stored('p1').owner).toBeUndefined();
    // The heartbeat is gone: the next page may take the event at once.
    expect(localStorage.getItem(TAB + ctx.leases_.owner)).toBeNull();
    let resumed = false;
    void ctx.hidden_?.then(() => {
      resumed = true;
    });

    show(ctx);
    await Promise.resolve();
    expect(resumed).toBe(true);
    expect(ctx.hidden_).toBeUndefined();
    expect(stored('p1')).toMatchObject({ owner: ctx.leases_.owner });
    expect(stored('p1').handed).toBeUndefined();
    expect(localStorage.getItem(TAB + ctx.leases_.owner)).not.toBeNull();
  });

  it('leaves an event another page took while this one was frozen to that page', () => {
    const { ctx } = recordWith({ idempotencyHeader: 'Idempotency-Key' });
    onWire(ctx, 'p2');
    hide(ctx);
    // The next page took it over.
    const taken = { ...stored('p2'), owner: 'next', handed: undefined };
    ctx.outbox_.put(taken);
    show(ctx);
    expect(stored('p2').owner).toBe('next');
  });
});

describe('listen', () => {
  type Listener = (event: Event) => void;
  let listeners: Map<string, Listener[]>;
  const fire = (type: string, fields: Record<string, unknown> = {}) => {
    for (const listener of listeners.get(type) ?? [])
      listener(Object.assign(new Event(type), fields));
  };
  beforeEach(() => {
    listeners = new Map();
    vi.spyOn(window, 'addEventListener').mockImplementation(((type: string, listener: Listener) => {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    }) as typeof window.addEventListener);
  });

  it('replays once the page settled, sweeping outcomes no late page came for', async () => {
    localStorage.setItem(`${OUTCOME}old`, JSON.stringify({ at: Date.now() - 11 * 60_000 }));
    localStorage.setItem(`${OUTCOME}new`, JSON.stringify({ at: Date.now() }));
    const { ctx, flush } = recordWith();
    listen(ctx);
    expect(flush).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem(`${OUTCOME}old`)).toBeNull();
    expect(localStorage.getItem(`${OUTCOME}new`)).not.toBeNull();
    fire('online');
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it('takes the page up again only for a pageshow from the back/forward cache', () => {
    const { ctx } = recordWith();
    listen(ctx);
    fire('pagehide');
    expect(ctx.hidden_).toBeInstanceOf(Promise);
    fire('pageshow', { persisted: false });
    expect(ctx.hidden_).toBeInstanceOf(Promise);
    fire('pageshow', { persisted: true });
    expect(ctx.hidden_).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
  });
});
