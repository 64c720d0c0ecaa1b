// The outbox keeps every accepted event until it is delivered or refused: one storage key per
// event, oldest first, at most 100 events, none older than 7 days; what it drops it reports.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboxEntry } from '../../../src/outbox/entry.js';
import { createOutbox, MAX_AGE_MS, MAX_EVENTS } from '../../../src/outbox/outbox.js';
import { RECORD_PREFIX as EVENT_KEY_PREFIX, LEGACY_PREFIX } from '../../../src/outbox/record.js';
import { createStore } from '../../../src/outbox/store.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

const entry = (id: string, createdAt = NOW, fields: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id,
  kind: 'lead',
  createdAt,
  attempts: 0,
  body: `{"eventName":"Sign up","customerExternalId":"${id}"}`,
  ...fields,
});

const setup = () => {
  const dropped: { id: string; reason: string }[] = [];
  const store = createStore(() => true);
  const outbox = createOutbox(store, (dropping, reason) => {
    dropped.push({ id: dropping.id, reason });
  });
  return { outbox, store, dropped };
};

const ids = (entries: OutboxEntry[]) => entries.map((kept) => kept.id);

/**
 * Replaces a localStorage method with a vi.fn until the returned restore is called. Defined on
 * the instance: happy-dom's Storage binds its methods there, shadowing Storage.prototype.
 */
function stubStorage(name: 'getItem' | 'setItem', implementation?: (...args: string[]) => unknown) {
  const original = localStorage[name];
  const stub = vi.fn(implementation ?? original);
  const define = (value: unknown) =>
    Object.defineProperty(localStorage, name, { value, configurable: true, writable: true });
  define(stub);
  return [stub, () => define(original)] as const;
}

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  localStorage.clear();
});

describe('createOutbox', () => {
  it('keeps an added event under its own key, as JSON', () => {
    const { outbox } = setup();
    const kept = entry('e1', NOW, { attempts: 2, lastError: 'NetworkError', notBefore: NOW + 5 });
    outbox.add(kept);
    expect(JSON.parse(localStorage.getItem(`${EVENT_KEY_PREFIX}e1`) ?? 'null')).toEqual(kept);
    expect(outbox.get('e1')).toEqual(kept);
    expect(outbox.list()).toEqual([kept]);
  });

  it('removes an event', () => {
    const { outbox } = setup();
    outbox.add(entry('e1'));
    outbox.add(entry('e2'));
    outbox.remove('e1');
    expect(outbox.get('e1')).toBeUndefined();
    expect(localStorage.getItem(`${EVENT_KEY_PREFIX}e1`)).toBeNull();
    expect(ids(outbox.list())).toEqual(['e2']);
  });

  it('removes the mark of an abandoned raw call with its event', () => {
    const { outbox } = setup();
    outbox.add(entry('e1', NOW, { body: undefined, input: {} }));
    localStorage.setItem('dub_track_left:e1', '');
    outbox.remove('e1');
    expect(localStorage.length).toBe(0);
  });

  it('replaces an event with put (attempts, last error)', () => {
    const { outbox } = setup();
    outbox.add(entry('e1'));
    outbox.put(entry('e1', NOW, { attempts: 3, lastError: 'TimeoutError' }));
    expect(outbox.list()).toEqual([entry('e1', NOW, { attempts: 3, lastError: 'TimeoutError' })]);
  });

  it('lists events oldest first, whatever order they were written in', () => {
    const { outbox } = setup();
    outbox.add(entry('b', NOW - 2000));
    outbox.add(entry('c', NOW - 1000));
    outbox.add(entry('a', NOW - 3000));
    expect(ids(outbox.list())).toEqual(['a', 'b', 'c']);
  });

  it('lists events an earlier page or another tab left', () => {
    localStorage.setItem(`${EVENT_KEY_PREFIX}old`, JSON.stringify(entry('old', NOW - 1000)));
    const { outbox } = setup();
    expect(ids(outbox.list())).toEqual(['old']);
  });

  it('ignores keys that are not events', () => {
    localStorage.setItem('dub_id', 'clk 123');
    localStorage.setItem('dub_track_lease:e1', 'owner 1');
    const { outbox } = setup();
    expect(outbox.list()).toEqual([]);
    expect(localStorage.getItem('dub_id')).toBe('clk 123');
    expect(localStorage.getItem('dub_track_lease:e1')).toBe('owner 1');
  });

  it('holds 100 events without dropping any', () => {
    const { outbox, dropped } = setup();
    for (let i = 0; i < MAX_EVENTS; i++) outbox.add(entry(`e${i}`, NOW - MAX_EVENTS + i));
    expect(MAX_EVENTS).toBe(100);
    expect(outbox.list()).toHaveLength(100);
    expect(dropped).toEqual([]);
  });

  it('drops the oldest event to make room for the 101st, and reports it', () => {
    const { outbox, dropped } = setup();
    for (let i = 0; i < MAX_EVENTS; i++) outbox.add(entry(`e${i}`, NOW - MAX_EVENTS + i));
    outbox.add(entry('new'));
    const kept = ids(outbox.list());
    expect(kept).toHaveLength(100);
    expect(kept).not.toContain('e0');
    expect(kept[0]).toBe('e1');
    expect(kept.at(-1)).toBe('new');
    expect(dropped).toEqual([{ id: 'e0', reason: expect.stringContaining('100') }]);
    expect(localStorage.getItem(`${EVENT_KEY_PREFIX}e0`)).toBeNull();
  });

  it('drops down to the cap when more than 100 were left by other tabs', () => {
    for (let i = 0; i < 103; i++) {
      localStorage.setItem(
        `${EVENT_KEY_PREFIX}e${i}`,
        JSON.stringify(entry(`e${i}`, NOW - 200 + i)),
      );
    }
    const { outbox, dropped } = setup();
    outbox.add(entry('new'));
    expect(outbox.list()).toHaveLength(100);
    expect(dropped.map((drop) => drop.id)).toEqual(['e0', 'e1', 'e2', 'e3']);
  });

  it('keeps an event exactly 7 days old', () => {
    const { outbox, dropped } = setup();
    outbox.add(entry('week', NOW - MAX_AGE_MS));
    expect(ids(outbox.list())).toEqual(['week']);
    expect(dropped).toEqual([]);
  });

  it('drops an event older than 7 days, and reports it', () => {
    const { outbox, dropped } = setup();
    outbox.add(entry('stale', NOW - MAX_AGE_MS - 1, { lastError: 'RateLimitExceeded' }));
    outbox.add(entry('fresh'));
    expect(MAX_AGE_MS).toBe(7 * 24 * 60 * 60 * 1000);
    expect(ids(outbox.list())).toEqual(['fresh']);
    expect(dropped).toEqual([{ id: 'stale', reason: expect.stringContaining('7 days') }]);
    expect(localStorage.getItem(`${EVENT_KEY_PREFIX}stale`)).toBeNull();
  });

  it('drops an event that ages past 7 days while it waits', () => {
    const { outbox, dropped } = setup();
    outbox.add(entry('e1'));
    vi.setSystemTime(NOW + MAX_AGE_MS);
    expect(ids(outbox.list())).toEqual(['e1']);
    vi.setSystemTime(NOW + MAX_AGE_MS + 1);
    expect(outbox.list()).toEqual([]);
    expect(dropped.map((drop) => drop.id)).toEqual(['e1']);
  });

  it('removes corrupt entries without reporting them as events', () => {
    const corrupt = ['{not json', '', 'null', '42', '"text"', '{}', '{"id":7}'];
    corrupt.forEach((value, i) => {
      localStorage.setItem(`${EVENT_KEY_PREFIX}bad${i}`, value);
    });
    const { outbox, dropped } = setup();
    outbox.add(entry('good'));
    expect(ids(outbox.list())).toEqual(['good']);
    expect(dropped).toEqual([]);
    for (let i = 0; i < corrupt.length; i++) {
      expect(localStorage.getItem(`${EVENT_KEY_PREFIX}bad${i}`)).toBeNull();
    }
    expect(outbox.get('bad0')).toBeUndefined();
  });

  it('gives nothing for an event it does not hold', () => {
    expect(setup().outbox.get('missing')).toBeUndefined();
  });

  it('keeps working from memory when storage is not allowed', () => {
    const dropped: string[] = [];
    const outbox = createOutbox(
      createStore(() => false),
      (gone) => {
        dropped.push(gone.id);
      },
    );
    outbox.add(entry('b', NOW - 1));
    outbox.add(entry('a', NOW - 2));
    expect(ids(outbox.list())).toEqual(['a', 'b']);
    expect(localStorage.length).toBe(0);
    outbox.remove('a');
    expect(ids(outbox.list())).toEqual(['b']);
    expect(dropped).toEqual([]);
  });

  it('adds, lists and removes without reading storage, whatever the backlog', () => {
    const { outbox } = setup();
    for (let i = 0; i < 90; i++) outbox.add(entry(`old${i}`, NOW - 1000 + i));
    const [reads, restoreReads] = stubStorage('getItem');
    const [writes, restoreWrites] = stubStorage('setItem');
    const scans = vi.spyOn(Object, 'keys');
    outbox.add(entry('new'));
    outbox.list();
    outbox.remove('new');
    expect(reads).not.toHaveBeenCalled();
    expect(scans).not.toHaveBeenCalled();
    expect(writes).toHaveBeenCalledOnce();
    // The stub does see the outbox's reads: fresh() is the one call that makes one.
    outbox.fresh('old0');
    expect(reads).toHaveBeenCalledOnce();
    restoreReads();
    restoreWrites();
    scans.mockRestore();
  });

  it('fresh() reads what another tab wrote or removed since, and updates the index', () => {
    const { outbox } = setup();
    outbox.add(entry('e1'));
    localStorage.setItem(
      `${EVENT_KEY_PREFIX}e1`,
      JSON.stringify(entry('e1', NOW, { attempts: 3 })),
    );
    expect(outbox.get('e1')?.attempts).toBe(0);
    expect(outbox.fresh('e1')?.attempts).toBe(3);
    expect(outbox.get('e1')?.attempts).toBe(3);
    localStorage.removeItem(`${EVENT_KEY_PREFIX}e1`);
    expect(outbox.fresh('e1')).toBeNull();
    expect(outbox.list()).toEqual([]);
  });

  it("sync() keeps the index in step with another tab's writes and removals (storage events)", () => {
    const { outbox } = setup();
    const other = entry('other', NOW - 5);
    localStorage.setItem(`${EVENT_KEY_PREFIX}other`, JSON.stringify(other));
    outbox.sync(`${EVENT_KEY_PREFIX}other`);
    expect(outbox.list()).toEqual([other]);
    localStorage.removeItem(`${EVENT_KEY_PREFIX}other`);
    outbox.sync(`${EVENT_KEY_PREFIX}other`);
    expect(outbox.list()).toEqual([]);
  });

  describe('records of the previous format (unversioned keys)', () => {
    it('lists them beside this format, oldest first', () => {
      localStorage.setItem(`${LEGACY_PREFIX}old`, JSON.stringify(entry('old', NOW - 2000)));
      localStorage.setItem(`${EVENT_KEY_PREFIX}new`, JSON.stringify(entry('new', NOW - 1000)));
      expect(ids(setup().outbox.list())).toEqual(['old', 'new']);
    });

    it('reads one where it is, and moves it to this format on its first write', () => {
      const kept = entry('old', NOW - 1000, { attempts: 1 });
      localStorage.setItem(`${LEGACY_PREFIX}old`, JSON.stringify(kept));
      const { outbox } = setup();
      expect(outbox.fresh('old')).toEqual(kept);
      // Still where the older version wrote it: an older tab may be sending it.
      expect(localStorage.getItem(`${LEGACY_PREFIX}old`)).not.toBeNull();
      outbox.put({ ...kept, owner: 'me' });
      expect(localStorage.getItem(`${LEGACY_PREFIX}old`)).toBeNull();
      expect(JSON.parse(localStorage.getItem(`${EVENT_KEY_PREFIX}old`) ?? 'null')).toEqual({
        ...kept,
        owner: 'me',
      });
      expect(outbox.fresh('old')?.owner).toBe('me');
    });

    it('removes one under either key', () => {
      localStorage.setItem(`${LEGACY_PREFIX}old`, JSON.stringify(entry('old')));
      const { outbox } = setup();
      outbox.remove('old');
      expect(localStorage.length).toBe(0);
      expect(outbox.list()).toEqual([]);
    });

    it('sees an older tab taking one (fresh) and removing it (sync)', () => {
      localStorage.setItem(`${LEGACY_PREFIX}old`, JSON.stringify(entry('old')));
      const { outbox } = setup();
      const taken = JSON.stringify(entry('old', NOW, { owner: 'older tab' }));
      localStorage.setItem(`${LEGACY_PREFIX}old`, taken);
      expect(outbox.fresh('old')?.owner).toBe('older tab');
      localStorage.removeItem(`${LEGACY_PREFIX}old`);
      outbox.sync(`${LEGACY_PREFIX}old`);
      expect(outbox.list()).toEqual([]);
    });

    it("prefers this format's record when both are stored", () => {
      localStorage.setItem(`${LEGACY_PREFIX}e1`, JSON.stringify(entry('e1', NOW, { attempts: 1 })));
      localStorage.setItem(
        `${EVENT_KEY_PREFIX}e1`,
        JSON.stringify(entry('e1', NOW, { attempts: 4 })),
      );
      const { outbox } = setup();
      expect(outbox.list()).toEqual([entry('e1', NOW, { attempts: 4 })]);
      localStorage.setItem(`${LEGACY_PREFIX}e1`, JSON.stringify(entry('e1', NOW, { attempts: 2 })));
      outbox.sync(`${LEGACY_PREFIX}e1`);
      expect(outbox.get('e1')?.attempts).toBe(4);
    });
  });

  it('put() says whether the event reached storage or is kept in memory only', () => {
    const { outbox } = setup();
    expect(outbox.put(entry('stored'))).toBe(true);
    const [, restore] = stubStorage('setItem', () => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    expect(outbox.put(entry('memory'))).toBe(false);
    restore();
    expect(outbox.get('memory')).toEqual(entry('memory'));
  });
});
