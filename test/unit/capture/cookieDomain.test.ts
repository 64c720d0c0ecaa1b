// The cookie domain (SPEC §3): parent domains of the host, shortest first, and the widest one
// the browser accepts, which leaves out public suffixes such as co.uk without a suffix list.
import { describe, expect, it } from 'vitest';
import { domainCandidates, widestCookieDomain } from '../../../src/capture/cookieDomain.js';

/** What a browser does with a cookie's Domain: it refuses public suffixes. */
const PUBLIC_SUFFIXES = new Set(['test', 'com', 'uk', 'co.uk', 'github.io']);
const browserAccepts = (domain: string) => !PUBLIC_SUFFIXES.has(domain);

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

describe('widestCookieDomain', () => {
  it('takes the widest domain the browser accepts', () => {
    expect(widestCookieDomain('www.shop.test', browserAccepts)).toBe('shop.test');
    expect(widestCookieDomain('a.b.example.com', browserAccepts)).toBe('example.com');
  });

  it('gets example.co.uk for shop.example.co.uk, never co.uk', () => {
    const tried: string[] = [];
    const domain = widestCookieDomain('shop.example.co.uk', (candidate) => {
      tried.push(candidate);
      return browserAccepts(candidate);
    });
    expect(domain).toBe('example.co.uk');
    expect(tried).toEqual(['co.uk', 'example.co.uk']);
  });

  it('stops at the first accepted domain, trying from the shortest', () => {
    const tried: string[] = [];
    widestCookieDomain('a.b.example.com', (candidate) => {
      tried.push(candidate);
      return true;
    });
    expect(tried).toEqual(['example.com']);
  });

  it('gives undefined when no domain is accepted or there is none to try', () => {
    expect(widestCookieDomain('www.shop.test', () => false)).toBeUndefined();
    let asked = false;
    expect(
      widestCookieDomain('localhost', () => {
        asked = true;
        return true;
      }),
    ).toBeUndefined();
    expect(asked).toBe(false);
  });
});
