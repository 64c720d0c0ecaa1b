// Cross-tab leases: a tab sends an event only while it holds its lease; two tabs share one
// localStorage, each with its own owner id. A lease runs out unless renewed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LEASE_KEY_PREFIX } from '../../../src/outbox/keys.js';
import { createLeases } from '../../../src/outbox/lease.js';
import { createStore } from '../../../src/outbox/store.js';

const TTL = 10_000;
const tab = () =>
  createLeases(
    createStore(() => true),
    TTL,
  );
const lease = (id: string) => localStorage.getItem(LEASE_KEY_PREFIX + id);

/** A claim, with the settle wait it makes run by the fake clock. */
const claimed = async (claim: (id: string) => Promise<boolean>, id: string) => {
  const result = claim(id);
  await vi.advanceTimersByTimeAsync(100);
  return result;
};

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  localStorage.clear();
});

describe('createLeases', () => {
  it('take writes the lease for ttlMs, which another tab then cannot claim', async () => {
    const [take] = tab();
    const [, claim] = tab();
    take('e1');
    expect(lease('e1')).toMatch(new RegExp(` ${Date.now() + TTL}$`));
    expect(await claimed(claim, 'e1')).toBe(false);
  });

  it('claims a free lease, and one that ran out', async () => {
    const [, claim] = tab();
    expect(await claimed(claim, 'free')).toBe(true);
    const [take] = tab();
    take('old');
    vi.advanceTimersByTime(TTL + 1);
    expect(await claimed(claim, 'old')).toBe(true);
  });

  it('confirms a claim only if no other tab wrote over it meanwhile', async () => {
    const [, claimA] = tab();
    const [takeB] = tab();
    const pending = claimA('e1');
    takeB('e1');
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toBe(false);
  });

  it('renews only a lease this tab holds', async () => {
    const [takeA, , renewA] = tab();
    const [, , renewB] = tab();
    takeA('e1');
    const written = lease('e1');
    vi.advanceTimersByTime(1000);
    renewB('e1');
    expect(lease('e1')).toBe(written);
    renewA('e1');
    expect(lease('e1')).not.toBe(written);
    renewB('none');
    expect(lease('none')).toBeNull();
  });

  it('releases only a lease this tab holds', () => {
    const [takeA, , , releaseA] = tab();
    const [, , , releaseB] = tab();
    takeA('e1');
    releaseB('e1');
    expect(lease('e1')).not.toBeNull();
    releaseA('e1');
    expect(lease('e1')).toBeNull();
  });
});
