// The cookie domain (SPEC §3): parent domains of the host, shortest first, and the widest one
// the browser accepts, which leaves out public suffixes such as co.uk without a suffix list.
import { describe, expect, it } from 'vitest';
import { domainCandidates } from '../../../src/capture/cookieDomain.js';

describe('domainCandidates', () => {
  it('lists the parent domains of a subdomain, shortest first', () => {
    expect(domainCandidates('www.shop.test')).toEqual(['shop.test', 'www.shop.test']);
    expect(domainCandidates('a.b.example.com')).toEqual([
      'example.com',
      'b.example.com',
      'a.b.example.com',
    ]);
  });

  it('starts from the last two labels, even when they are a public suffix', () => {
    expect(domainCandidates('shop.example.co.uk')).toEqual([
      'co.uk',
      'example.co.uk',
      'shop.example.co.uk',
    ]);
  });

  it('lists a two-label host alone', () => {
    expect(domainCandidates('example.com')).toEqual(['example.com']);
  });

  it('lists nothing for localhost, IP addresses and single labels (host-only cookie)', () => {
    for (const host of ['localhost', 'intranet', '127.0.0.1', '10.0.0.12', '[::1]', '::1', '']) {
      expect(domainCandidates(host)).toEqual([]);
    }
    expect(domainCandidates('[2001:db8::1]')).toEqual([]);
  });
});
