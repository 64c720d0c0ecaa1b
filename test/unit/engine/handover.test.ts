// Hand-over at unload: what a page writes while a request is on the wire, and what it hands the
// next page at `pagehide` (resent after the grace period, or taken as delivered and reported).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CUT_MS, createHandover, STAY_MS } from '../../../src/engine/handover.js';
import type { OutboxEntry } from '../../../src/outbox/entry.js';
import { createOutbox } from '../../../src/outbox/outbox.js';
import { createStore } from '../../../src/outbox/store.js';

const OWNER = 'tab_a';

/** An in-memory outbox holding one event of this tab, and the hand-over under test. */
const setUp = (deduplicated = false) => {
  const outbox = createOutbox(
    createStore(() => false),
    () => {},
  );
  outbox.put({
    id: 'e1',
    kind: 'lead',
    createdAt: Date.now(),
    attempts: 0,
    body: '{}',
    owner: OWNER,
  });
  const drop = vi.fn((entry: OutboxEntry) => outbox.remove(entry.id));
  const handover = createHandover({ outbox, owner: OWNER, deduplicated: () => deduplicated, drop });
  return { outbox, drop, handover, kept: () => outbox.fresh('e1') };
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createHandover', () => {
  it('marks a request on the wire in storage, and unmarks it while the event waits', () => {
    const { handover, kept } = setUp();
    handover.wire_('e1', 1);
    expect(kept()).toMatchObject({ owner: OWNER, handed: Date.now(), attempts: 0 });
    handover.retrying_('e1', 2, 'SDKError');
    expect(kept()).toMatchObject({ owner: OWNER, attempts: 1, lastError: 'SDKError' });
    expect(kept()?.handed).toBeUndefined();
  });

  it('hands over an event whose attempts all failed: no owner, sent again by the next page', () => {
    const { handover, kept, drop } = setUp();
    handover.wire_('e1', 1);
    handover.retrying_('e1', 2, 'SDKError');
    handover.wire_('e1');
    handover.handOverAll_();
    expect(kept()).toMatchObject({ attempts: 1, lastError: 'SDKError', handed: Date.now() });
    expect(kept()?.owner).toBeUndefined();
    expect(handover.resend_(kept() as OutboxEntry)).toBe(true);
    expect(drop).not.toHaveBeenCalled();
  });

  it('takes a first attempt to an answering endpoint as delivered, and drops it to be reported', () => {
    const { handover, kept, drop } = setUp();
    handover.wire_('e1', 1);
    handover.handOverAll_();
    expect(drop).toHaveBeenCalledWith(expect.objectContaining({ id: 'e1', attempts: 0 }));
    expect(kept()).toBeNull();
  });

  it('hands over a first attempt when the endpoint was failing for another event of the page', () => {
    const { handover, kept, outbox } = setUp();
    outbox.put({ id: 'e2', kind: 'lead', createdAt: 0, attempts: 0, body: '{}', owner: OWNER });
    handover.wire_('e2', 1);
    handover.retrying_('e2', 2, 'SDKError');
    handover.wire_('e1', 1);
    handover.handOverAll_();
    expect(kept()).toMatchObject({ attempts: 0, lastError: 'SDKError' });
  });

  it('hands over a first attempt where the endpoint de-duplicates', () => {
    const { handover, kept, drop } = setUp(true);
    handover.wire_('e1', 1);
    handover.handOverAll_();
    expect(drop).not.toHaveBeenCalled();
    expect(kept()?.handed).toBe(Date.now());
  });

  it('hands nothing over for an event waiting between attempts', () => {
    const { handover, kept, drop } = setUp();
    handover.wire_('e1', 1);
    handover.retrying_('e1', 2, 'SDKError');
    vi.advanceTimersByTime(CUT_MS);
    handover.handOverAll_();
    expect(kept()).toMatchObject({ owner: OWNER, attempts: 1 });
    expect(kept()?.handed).toBeUndefined();
    expect(drop).not.toHaveBeenCalled();
  });

  it('counts a request failed without an answer as the page leaves (Firefox) as on the wire', () => {
    const { handover, drop } = setUp();
    handover.wire_('e1', 1);
    handover.leaving_(true);
    vi.advanceTimersByTime(5);
    handover.retrying_('e1', 2, 'NetworkError');
    // The retry it sets off is cut too; the first cut says what the page knew.
    handover.wire_('e1');
    handover.retrying_('e1', 3, 'NetworkError');
    vi.advanceTimersByTime(3 * CUT_MS);
    handover.handOverAll_();
    expect(drop).toHaveBeenCalledWith(expect.objectContaining({ attempts: 0 }));
  });

  it('holds a retry while the page leaves, until it is shown again or still here after a while', async () => {
    const { handover } = setUp();
    const started = vi.fn();
    await handover.stays_().then(started);
    expect(started).toHaveBeenCalledTimes(1);
    handover.leaving_(true);
    void handover.stays_().then(started);
    await vi.advanceTimersByTimeAsync(STAY_MS - 1);
    expect(started).toHaveBeenCalledTimes(1);
    handover.leaving_(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toHaveBeenCalledTimes(2);
    handover.leaving_(true);
    void handover.stays_().then(started);
    await vi.advanceTimersByTimeAsync(STAY_MS - 1);
    expect(started).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toHaveBeenCalledTimes(3);
  });

  it('treats a request failed without an answer well before pagehide as a failure, not a cut', () => {
    const { handover, kept } = setUp();
    handover.wire_('e1', 1);
    handover.retrying_('e1', 2, 'NetworkError');
    vi.advanceTimersByTime(CUT_MS + 1);
    handover.handOverAll_();
    expect(kept()).toMatchObject({ owner: OWNER, attempts: 1, lastError: 'NetworkError' });
    expect(kept()?.handed).toBeUndefined();
  });
});
