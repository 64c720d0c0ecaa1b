// readScriptAttributes: what a site owner writes on the <script data-*> tag becomes options; a
// malformed JSON attribute is left out and returned as a problem (the engine reports it), never
// thrown. isOn: how `debug` reads, from an attribute or the ES module.
import { describe, expect, it } from 'vitest';
import { isOn, readScriptAttributes } from '../../../src/config/options.js';

/**
 * The dataset of a real script element with these attributes. happy-dom leaves attributes with
 * an empty value out of `Object.entries(dataset)` (browsers list them), so tests of empty values
 * pass the DOMStringMap as a plain object instead.
 */
const dataset = (attributes: Record<string, string>) => {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script.dataset;
};

describe('readScriptAttributes', () => {
  it('reads no options from a tag without data-* attributes', () => {
    expect(readScriptAttributes(dataset({ src: '/dub-track.js' }))).toEqual([{}, []]);
  });

  it('reads plain attributes as strings under their option names', () => {
    const [options, problems] = readScriptAttributes(
      dataset({
        'data-api-host': 'https://track.shop.test',
        'data-publishable-key': 'dub_pk_123',
        'data-attribution-model': 'first-click',
        'data-consent': 'pending',
        'data-idempotency-header': 'X-Event-Id',
      }),
    );
    expect(options).toEqual({
      apiHost: 'https://track.shop.test',
      publishableKey: 'dub_pk_123',
      attributionModel: 'first-click',
      consent: 'pending',
      idempotencyHeader: 'X-Event-Id',
    });
    expect(problems).toEqual([]);
  });

  it('parses the JSON attributes', () => {
    const [options, problems] = readScriptAttributes(
      dataset({
        'data-endpoints': '{"lead":"/t/lead","sale":"/t/sale"}',
        'data-cookie-options': '{"domain":"shop.test","expiresInDays":30}',
        'data-retry': '{"limit":2,"backoffLimitMs":50,"timeoutMs":2000}',
      }),
    );
    expect(options).toEqual({
      endpoints: { lead: '/t/lead', sale: '/t/sale' },
      cookieOptions: { domain: 'shop.test', expiresInDays: 30 },
      retry: { limit: 2, backoffLimitMs: 50, timeoutMs: 2000 },
    });
    expect(problems).toEqual([]);
  });

  it("reads Dub's own attributes under Dub's option names", () => {
    const [options, problems] = readScriptAttributes(
      dataset({
        'data-domains': '{"refer":"refer.shop.test","outbound":["a.test"]}',
        'data-query-params': '["ref"]',
        'data-query-param': 'via',
        'data-short-domain': 'go.shop.test',
        'data-cookie-options': '{"maxAge":3600,"sameSite":"lax","httpOnly":true}',
      }),
    );
    expect(options).toEqual({
      domainsConfig: { refer: 'refer.shop.test', outbound: ['a.test'] },
      queryParams: ['ref'],
      queryParam: 'via',
      shortDomain: 'go.shop.test',
      cookieOptions: { maxAge: 3600, sameSite: 'lax', httpOnly: true },
    });
    expect(problems).toEqual([]);
  });

  it("names malformed data-domains and data-query-params as problems (Dub's script stops there)", () => {
    const [options, problems] = readScriptAttributes(
      dataset({ 'data-domains': '{refer:1}', 'data-query-params': 'ref' }),
    );
    expect(options).toEqual({});
    expect(problems).toEqual([
      ['json', 'domainsConfig'],
      ['json', 'queryParams'],
    ]);
  });

  it('leaves out a malformed JSON attribute and names it as a problem', () => {
    const [options, problems] = readScriptAttributes(
      dataset({
        'data-publishable-key': 'dub_pk_123',
        'data-retry': "{limit: 2, 'timeoutMs': 2000}",
        'data-cookie-options': '{"domain":"shop.test",}',
      }),
    );
    expect(options).toEqual({ publishableKey: 'dub_pk_123' });
    expect(Object.keys(options)).not.toContain('retry');
    expect(problems).toHaveLength(2);
    expect(problems.join()).toContain('retry');
    expect(problems.join()).toContain('cookieOptions');
  });

  it('names an empty JSON attribute as a problem', () => {
    const [options, problems] = readScriptAttributes({
      endpoints: '',
      apiHost: 'https://a.test',
    });
    expect(options).toEqual({ apiHost: 'https://a.test' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('endpoints');
  });

  it('leaves the other attributes as the strings they are (the engine reads and checks them)', () => {
    const [options] = readScriptAttributes(
      dataset({ 'data-debug': 'false', 'data-idempotency-header': 'false' }),
    );
    expect(options).toEqual({ debug: 'false', idempotencyHeader: 'false' });
  });
});

describe('isOn', () => {
  it('reads data-debug without a value, or with any value but "false", as on', () => {
    expect(isOn('')).toBe(true);
    expect(isOn('true')).toBe(true);
    expect(isOn(dataset({ 'data-debug': '' }).debug)).toBe(true);
  });

  it('reads data-debug="false" and a missing attribute as off', () => {
    expect(isOn('false')).toBe(false);
    expect(isOn(undefined)).toBe(false);
  });

  it('reads the booleans of the ES module as they are', () => {
    expect(isOn(true)).toBe(true);
    expect(isOn(false)).toBe(false);
  });
});
