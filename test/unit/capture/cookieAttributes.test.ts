// cookieAttributes: the one rule for what follows the value of `dub_id` and `dub_partner_data`.
import { describe, expect, it } from 'vitest';
import { cookieAttributes } from '../../../src/capture/cookieAttributes.js';

describe('cookieAttributes', () => {
  it('writes path, a whole max-age, Lax and the domain by default; Secure only on https', () => {
    expect(cookieAttributes({}, 90.6, 'shop.test')).toBe(
      ';path=/;max-age=91;samesite=Lax;domain=shop.test',
    );
    expect(cookieAttributes({ path: '/app' }, 1, '')).toBe(';path=/app;max-age=1;samesite=Lax');
  });

  it('reads sameSite: true as Strict, and false as a value browsers ignore (their default)', () => {
    expect(cookieAttributes({ sameSite: true }, 1, '')).toContain(';samesite=Strict');
    expect(cookieAttributes({ sameSite: false }, 1, '')).toContain(';samesite=false');
    expect(cookieAttributes({ sameSite: 'strict' }, 1, '')).toContain(';samesite=strict');
  });

  it('makes SameSite None Secure in any case, unless secure is given', () => {
    // A data attribute's JSON may spell it in any case.
    for (const sameSite of ['None', 'none', 'NONE'])
      expect(cookieAttributes({ sameSite: sameSite as 'none' }, 1, '')).toMatch(/;secure$/);
    expect(cookieAttributes({ sameSite: 'none', secure: false }, 1, '')).not.toContain('secure');
    expect(cookieAttributes({ secure: true }, 1, '')).toMatch(/;secure$/);
  });
});
