// Retry-After in every form SPEC §7 names: delta-seconds, HTTP date, epoch seconds and epoch
// milliseconds (what Dub's rate limiter sends). Anything else says nothing: undefined.
import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../src/delivery/retryAfter.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('retryAfterMs', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterMs('1', NOW)).toBe(1000);
    expect(retryAfterMs('120', NOW)).toBe(120_000);
    expect(retryAfterMs(' 3 ', NOW)).toBe(3000);
  });

  it('reads 0 as retry now', () => {
    expect(retryAfterMs('0', NOW)).toBe(0);
  });

  it('reads decimal seconds', () => {
    expect(retryAfterMs('1.5', NOW)).toBe(1500);
    expect(retryAfterMs('0.25', NOW)).toBe(250);
  });

  it('reads a large delay as seconds up to the epoch threshold', () => {
    expect(retryAfterMs('86400', NOW)).toBe(86_400_000);
    expect(retryAfterMs('999999999', NOW)).toBe(999_999_999_000);
  });

  it('reads an HTTP date in the future', () => {
    expect(retryAfterMs(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(retryAfterMs('Wed, 15 Jan 2025 12:01:00 GMT', NOW)).toBe(60_000);
  });

  it('reads the obsolete HTTP date formats too (RFC 850, asctime)', () => {
    expect(retryAfterMs('Wednesday, 15-Jan-25 12:00:10 GMT', NOW)).toBe(10_000);
    // asctime carries no zone (read as local time), hence a date decades ahead.
    expect(retryAfterMs('Sun Nov  6 08:49:37 2095', NOW)).toBeGreaterThan(70 * 365 * 864e5);
  });

  it('reads an HTTP date in the past as 0', () => {
    expect(retryAfterMs('Wed, 15 Jan 2025 11:59:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:00 GMT', NOW)).toBe(0);
  });

  it('reads epoch seconds', () => {
    expect(retryAfterMs(String(NOW / 1000 + 7), NOW)).toBe(7000);
    expect(retryAfterMs(String(NOW / 1000 - 7), NOW)).toBe(0);
  });

  it("reads epoch milliseconds (Dub's rate limiter)", () => {
    expect(retryAfterMs(String(NOW + 2500), NOW)).toBe(2500);
    expect(retryAfterMs(String(NOW - 2500), NOW)).toBe(0);
  });

  it('uses the current time when none is given', () => {
    const delay = retryAfterMs(String(Date.now() + 60_000));
    expect(delay).toBeGreaterThan(50_000);
    expect(delay).toBeLessThanOrEqual(60_000);
  });

  it('says nothing for a missing, empty or unreadable value', () => {
    for (const value of [null, '', '   ', 'soon', 'NaN', 'Infinity', '1e3', '5s', '0x10']) {
      expect(retryAfterMs(value, NOW)).toBeUndefined();
    }
  });

  it('says nothing for a negative number or digits that are no date', () => {
    // A lenient date parser reads these as dates in 2001; a retry right away would hammer the
    // endpoint instead of backing off.
    for (const value of ['-1', '-30', '-1.5', '1.2.3', '10 20', 'soon 5']) {
      expect(retryAfterMs(value, NOW)).toBeUndefined();
    }
  });
});
