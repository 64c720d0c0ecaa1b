// readDomains, outboundDomains and partnerKey: how the partner chunks read Dub's domains and find
// a partner link's key in the landing URL, the way Dub's script does (older option names included).
import { describe, expect, it } from 'vitest';
import type { TrackerOptions } from '../../../src/config/options.js';
import { outboundDomains, partnerKey, readDomains } from '../../../src/partner/landing.js';

describe('readDomains', () => {
  it('reads refer and site', () => {
    expect(
      readDomains({
        domainsConfig: { refer: 'refer.shop.test', site: 'site.shop.test', outbound: ['a.test'] },
      }),
    ).toEqual({ refer: 'refer.shop.test', site: 'site.shop.test' });
  });

  it('falls back to shortDomain for refer, and prefers domainsConfig.refer', () => {
    expect(readDomains({ shortDomain: 'go.shop.test' }).refer).toBe('go.shop.test');
    expect(
      readDomains({ shortDomain: 'go.shop.test', domainsConfig: { refer: 'r.test' } }).refer,
    ).toBe('r.test');
  });

  it("ignores values of the wrong type (the engine reports them) and a prototype's", () => {
    const options = {
      domainsConfig: { refer: 7, site: {} },
    } as unknown as TrackerOptions;
    expect(readDomains(options)).toEqual({ refer: undefined, site: undefined });
    expect(readDomains({})).toEqual({ refer: undefined, site: undefined });
    const inherited = { domainsConfig: Object.create({ site: 'evil.test' }) } as TrackerOptions;
    expect(readDomains(inherited).site).toBeUndefined();
  });
});

describe('outboundDomains', () => {
  it('reads a list of outbound domains', () => {
    expect(outboundDomains({ domainsConfig: { outbound: ['a.test', '*.b.test'] } })).toEqual([
      'a.test',
      '*.b.test',
    ]);
  });

  it('splits one outbound string on commas, trimming, as Dub does', () => {
    expect(outboundDomains({ domainsConfig: { outbound: ' a.test, *.b.test ,, ' } })).toEqual([
      'a.test',
      '*.b.test',
    ]);
  });

  it('ignores values of the wrong type (the engine reports them)', () => {
    const options = {
      domainsConfig: { outbound: [1, 'a.test', null] },
    } as unknown as TrackerOptions;
    expect(outboundDomains(options)).toEqual(['a.test']);
    expect(
      outboundDomains({ domainsConfig: { outbound: 7 } } as unknown as TrackerOptions),
    ).toEqual([]);
    expect(outboundDomains({})).toEqual([]);
  });
});

describe('partnerKey', () => {
  it('reads ?via= by default', () => {
    expect(partnerKey({}, '?via=john')).toBe('john');
    expect(partnerKey({}, '?utm_source=x')).toBeNull();
    expect(partnerKey({}, '?via=')).toBeNull();
  });

  it('reads queryParams first, then via', () => {
    expect(partnerKey({ queryParams: ['ref'] }, '?via=john&ref=jane')).toBe('jane');
    expect(partnerKey({ queryParams: ['ref'] }, '?via=john')).toBe('john');
  });

  it('takes queryParam over queryParams, as Dub does', () => {
    expect(partnerKey({ queryParam: 'p', queryParams: ['ref'] }, '?ref=jane&p=pat')).toBe('pat');
    expect(partnerKey({ queryParam: 'p', queryParams: ['ref'] }, '?ref=jane')).toBeNull();
  });

  it('decodes the key and ignores names of the wrong type', () => {
    expect(partnerKey({}, '?via=j%C3%B6rg')).toBe('jörg');
    expect(partnerKey({ queryParams: 'ref' } as unknown as TrackerOptions, '?ref=jane')).toBeNull();
  });
});
