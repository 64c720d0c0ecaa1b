// createStore: localStorage when it may and can be used, memory otherwise, and never an error.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from '../../../src/outbox/store.js';

type StorageMethod = 'setItem' | 'getItem';
const restorers: (() => void)[] = [];

/**
 * Replaces a localStorage method for one test with a vi.fn. Not vi.spyOn: happy-dom's Storage is
 * a Proxy that binds its methods onto the instance (shadowing Storage.prototype) and hides them
 * from getOwnPropertyDescriptor, so a spy there can neither take effect nor be restored.
 */
function stubStorage<M extends StorageMethod>(name: M, implementation?: Storage[M]) {
  const original = localStorage[name];
  const stub = vi.fn(implementation ?? original);
  const define = (value: unknown) =>
    Object.defineProperty(localStorage, name, { value, configurable: true, writable: true });
  define(stub);
  restorers.push(() => define(original));
  return stub;
}

const refuseWrites = () =>
  stubStorage('setItem', () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  });

const restoreStorage = () => {
  for (const restore of restorers.splice(0).reverse()) restore();
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  restoreStorage();
  localStorage.clear();
});

describe('createStore with storage allowed', () => {
  it('writes, reads, lists and removes through localStorage', () => {
    const store = createStore(() => true);
    store.set('dub_track_event:1', 'one');
    store.set('dub_track_event:2', 'two');
    store.set('other', 'x');
    expect(localStorage.getItem('dub_track_event:1')).toBe('one');
    expect(store.get('dub_track_event:2')).toBe('two');
    expect(store.keys('dub_track_event:').sort()).toEqual([
      'dub_track_event:1',
      'dub_track_event:2',
    ]);

    store.remove('dub_track_event:1');
    expect(localStorage.getItem('dub_track_event:1')).toBeNull();
    expect(store.get('dub_track_event:1') ?? null).toBeNull();
    expect(store.keys('dub_track_event:')).toEqual(['dub_track_event:2']);
  });

  it('reads what an earlier page left in localStorage', () => {
    localStorage.setItem('dub_track_event:old', 'kept');
    const store = createStore(() => true);
    expect(store.get('dub_track_event:old')).toBe('kept');
    expect(store.keys('dub_track_event:')).toEqual(['dub_track_event:old']);
  });

  it('gives null for a key it does not hold', () => {
    expect(createStore(() => true).get('missing') ?? null).toBeNull();
  });

  it('keeps a value in memory when localStorage refuses the write', () => {
    const store = createStore(() => true);
    const setItem = refuseWrites();
    expect(() => store.set('dub_track_event:1', 'one')).not.toThrow();
    expect(setItem).toHaveBeenCalledOnce();
    expect(localStorage.getItem('dub_track_event:1')).toBeNull();
    expect(store.get('dub_track_event:1')).toBe('one');
    expect(store.keys('dub_track_event:')).toEqual(['dub_track_event:1']);

    store.remove('dub_track_event:1');
    expect(store.get('dub_track_event:1') ?? null).toBeNull();
    expect(store.keys('dub_track_event:')).toEqual([]);
  });

  it('lists memory and localStorage keys together, once each', () => {
    const store = createStore(() => true);
    store.set('dub_track_event:stored', 'a');
    refuseWrites();
    store.set('dub_track_event:memory', 'b');
    store.set('dub_track_event:stored', 'a2');
    restoreStorage();
    expect(localStorage.getItem('dub_track_event:memory')).toBeNull();
    expect(localStorage.getItem('dub_track_event:stored')).toBe('a');
    expect(store.keys('dub_track_event:').sort()).toEqual([
      'dub_track_event:memory',
      'dub_track_event:stored',
    ]);
    // The newer value held in memory wins over the older one in storage.
    expect(store.get('dub_track_event:stored')).toBe('a2');
  });

  it('moves a value from memory to localStorage once a write succeeds again', () => {
    const store = createStore(() => true);
    refuseWrites();
    store.set('k', 'first');
    restoreStorage();
    store.set('k', 'second');
    expect(localStorage.getItem('k')).toBe('second');
    store.remove('k');
    expect(store.get('k') ?? null).toBeNull();
  });

  it('works from memory when localStorage itself cannot be reached', () => {
    const store = createStore(() => {
      throw new DOMException('Access is denied', 'SecurityError');
    });
    store.set('k', 'v');
    expect(store.get('k')).toBe('v');
    expect(store.keys('')).toEqual(['k']);
    expect(localStorage.getItem('k')).toBeNull();
  });

  it('works from memory when reading localStorage throws', () => {
    const store = createStore(() => true);
    refuseWrites();
    stubStorage('getItem', () => {
      throw new Error('broken');
    });
    store.set('k', 'v');
    expect(store.get('k')).toBe('v');
    expect(store.get('other') ?? null).toBeNull();
  });
});

describe('createStore without consent', () => {
  it('keeps everything in memory and touches no storage', () => {
    localStorage.setItem('dub_track_event:earlier', 'x');
    const setItem = stubStorage('setItem');
    const getItem = stubStorage('getItem');

    const store = createStore(() => false);
    store.set('dub_track_event:1', 'one');
    expect(store.get('dub_track_event:1')).toBe('one');
    expect(store.keys('dub_track_event:')).toEqual(['dub_track_event:1']);
    store.remove('dub_track_event:earlier');

    expect(setItem).not.toHaveBeenCalled();
    expect(getItem).not.toHaveBeenCalled();
    expect(localStorage.getItem('dub_track_event:1')).toBeNull();
    expect(localStorage.getItem('dub_track_event:earlier')).toBe('x');
  });

  it('persist() moves what memory holds into localStorage once storage is allowed', () => {
    let allowed = false;
    const store = createStore(() => allowed);
    store.set('dub_track_event:1', 'one');
    store.set('dub_id', 'clk');
    expect(localStorage.length).toBe(0);

    allowed = true;
    store.persist();
    expect(localStorage.getItem('dub_track_event:1')).toBe('one');
    expect(localStorage.getItem('dub_id')).toBe('clk');

    // Memory no longer holds them: removing through storage leaves nothing behind.
    localStorage.removeItem('dub_track_event:1');
    expect(store.get('dub_track_event:1') ?? null).toBeNull();
  });

  it('persist() keeps in memory what localStorage still refuses', () => {
    let allowed = false;
    const store = createStore(() => allowed);
    store.set('k', 'v');
    allowed = true;
    refuseWrites();
    store.persist();
    expect(store.get('k')).toBe('v');
  });

  it('clearMemory() forgets what memory holds', () => {
    const store = createStore(() => false);
    store.set('k', 'v');
    store.clearMemory();
    expect(store.get('k') ?? null).toBeNull();
    expect(store.keys('')).toEqual([]);
  });
});
