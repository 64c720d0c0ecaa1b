// Cross-tab ownership: an event names the tab sending it; that tab's heartbeat key says it is
// alive. Two tabs share one localStorage, each with its own owner id and outbox index.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboxEntry } from '../../../src/outbox/entry.js';
import { TAB_KEY_PREFIX } from '../../../src/outbox/keys.js';
import { createLeases, HEARTBEAT_MS, LEASE_MS } from '../../../src/outbox/lease.js';
import { createOutbox } from '../../../src/outbox/outbox.js';
import { RECORD_PREFIX as EVENT_KEY_PREFIX } from '../../../src/outbox/record.js';
import { createStore } from '../../../src/outbox/store.js';

const tab = () => {
  const store = createStore(() => true);
  const outbox = createOutbox(store, () => {});
  return { outbox, leases: createLeases(store, outbox) };
};
const entry = (id: string, owner?: string): OutboxEntry => ({
  id,
  kind: 'lead',
  createdAt: Date.now(),
  attempts: 0,
  body: '{}',
  owner,
});
const ownerOf = (id: string) =>
  JSON.parse(localStorage.getItem(EVENT_KEY_PREFIX + id) ?? '{}').owner as string | undefined;

/** A claim, with the settle wait it makes run by the fake clock. */
const claimed = async (leases: ReturnType<typeof tab>['leases'], id: string) => {
  const result = leases.claim(id);
  await vi.advanceTimersByTimeAsync(100);
  return result;
};

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
  localStorage.clear();
});

describe('createLeases', () => {
  it('claims an event nobody holds, naming this tab on it', async () => {
    const a = tab();
    a.outbox.put(entry('free'));
    const mine = await claimed(a.leases, 'free');
    expect(mine?.owner).toBe(a.leases.owner);
    expect(ownerOf('free')).toBe(a.leases.owner);
    expect(a.leases.holds('free')).toBe(true);
  });

  it('cannot claim an event a live tab holds, nor one that is gone', async () => {
    const a = tab();
    const b = tab();
    a.leases.hold();
    a.outbox.put(entry('e1', a.leases.owner));
    expect(await claimed(b.leases, 'e1')).toBeUndefined();
    expect(await claimed(b.leases, 'none')).toBeUndefined();
    expect(ownerOf('e1')).toBe(a.leases.owner);
  });

  it('a live tab keeps its events past many leases by its heartbeat alone', async () => {
    const a = tab();
    const b = tab();
    a.leases.hold();
    a.outbox.put(entry('e1', a.leases.owner));
    await vi.advanceTimersByTimeAsync(LEASE_MS * 5);
    expect(await claimed(b.leases, 'e1')).toBeUndefined();
  });

  it('frees its events at once when it goes idle (pagehide), and stops beating', async () => {
    const a = tab();
    const b = tab();
    a.leases.hold();
    a.outbox.put(entry('e1', a.leases.owner));
    a.leases.idle();
    expect(localStorage.getItem(TAB_KEY_PREFIX + a.leases.owner)).toBeNull();
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 3);
    expect(localStorage.getItem(TAB_KEY_PREFIX + a.leases.owner)).toBeNull();
    expect((await claimed(b.leases, 'e1'))?.owner).toBe(b.leases.owner);
    expect(a.leases.holds('e1')).toBe(false);
  });

  it('frees the events of a tab that vanished without a word once its lease runs out', async () => {
    const a = tab();
    const b = tab();
    a.outbox.put(entry('e1', 'crashed'));
    localStorage.setItem(`${TAB_KEY_PREFIX}crashed`, String(Date.now() + LEASE_MS));
    expect(await claimed(b.leases, 'e1')).toBeUndefined();
    vi.advanceTimersByTime(LEASE_MS);
    expect((await claimed(b.leases, 'e1'))?.owner).toBe(b.leases.owner);
    expect(a.leases.owner).not.toBe(b.leases.owner);
  });

  it('confirms a claim only if no other tab wrote over it meanwhile', async () => {
    const a = tab();
    const b = tab();
    a.outbox.put(entry('e1'));
    const pending = a.leases.claim('e1');
    b.leases.hold();
    b.outbox.put(entry('e1', b.leases.owner));
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toBeUndefined();
  });

  it('sweep removes heartbeats of tabs that are gone and keeps live ones', () => {
    const a = tab();
    a.leases.hold();
    localStorage.setItem(`${TAB_KEY_PREFIX}gone`, String(Date.now() - 1));
    a.leases.sweep();
    expect(localStorage.getItem(`${TAB_KEY_PREFIX}gone`)).toBeNull();
    expect(localStorage.getItem(TAB_KEY_PREFIX + a.leases.owner)).not.toBeNull();
  });

  describe('lock (Web Locks)', () => {
    /** A lock manager with `ifAvailable` only, shared by the tabs as a browser's is. */
    const lockManager = () => {
      const held = new Set<string>();
      const names: string[] = [];
      return {
        names,
        held,
        async request(
          name: string,
          _options: { ifAvailable: boolean },
          callback: (lock: object | null) => unknown,
        ) {
          names.push(name);
          if (held.has(name)) return callback(null);
          held.add(name);
          try {
            return await callback({ name });
          } finally {
            held.delete(name);
          }
        },
      };
    };
    afterEach(() => vi.unstubAllGlobals());

    it('gives one tab at a time the event, held until released, whatever storage shows', async () => {
      const locks = lockManager();
      vi.stubGlobal('navigator', { locks });
      const a = tab();
      const b = tab();
      const release = await a.leases.lock('e1');
      expect(release).toBeTypeOf('function');
      expect(locks.names).toEqual(['dub-track:e1']);
      expect(await b.leases.lock('e1')).toBeUndefined();
      // Another event is not held by it.
      (await b.leases.lock('e2'))?.();
      release?.();
      await vi.advanceTimersByTimeAsync(0);
      expect(locks.held.size).toBe(0);
      expect(await b.leases.lock('e1')).toBeTypeOf('function');
    });

    it('lets go of every lock when the tab goes idle (pagehide, back/forward cache)', async () => {
      const locks = lockManager();
      vi.stubGlobal('navigator', { locks });
      const a = tab();
      await a.leases.lock('e1');
      await a.leases.lock('e2');
      expect([...locks.held]).toEqual(['dub-track:e1', 'dub-track:e2']);
      a.leases.idle();
      await vi.advanceTimersByTimeAsync(0);
      expect(locks.held.size).toBe(0);
    });

    it('without Web Locks (plain http) or with a refusing manager, leaves it to the storage claim', async () => {
      vi.stubGlobal('navigator', {});
      const a = tab();
      expect(await a.leases.lock('e1')).toBeTypeOf('function');
      expect(await tab().leases.lock('e1')).toBeTypeOf('function');
      vi.stubGlobal('navigator', {
        locks: { request: () => Promise.reject(new DOMException('opaque', 'SecurityError')) },
      });
      expect(await a.leases.lock('e1')).toBeTypeOf('function');
    });
  });
});
