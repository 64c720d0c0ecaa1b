// readScriptAttributes: what a site owner writes on the <script data-*> tag becomes options; a
// malformed attribute is left out and reported, never thrown.
import { describe, expect, it } from 'vitest';
import { readScriptAttributes } from '../../../src/config/options.js';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';

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
    expect(readScriptAttributes(dataset({ src: '/dub-track.js' }))).toEqual({
      options: {},
      errors: [],
    });
  });

  it('reads plain attributes as strings under their option names', () => {
    const { options, errors } = readScriptAttributes(
      dataset({
        'data-api-host': 'https://track.shop.test',
        'data-publishable-key': 'dub_pk_123',
        'data-attribution-model': 'first-click',
        'data-consent': 'pending',
        'data-idempotency-header': 'X-Event-Id',
      }),
    );
    expect(options).toStrictEqual({
      apiHost: 'https://track.shop.test',
      publishableKey: 'dub_pk_123',
      attributionModel: 'first-click',
      consent: 'pending',
      idempotencyHeader: 'X-Event-Id',
    });
    expect(errors).toEqual([]);
  });

  it('parses the JSON attributes', () => {
    const { options, errors } = readScriptAttributes(
      dataset({
        'data-endpoints': '{"lead":"/t/lead","sale":"/t/sale"}',
        'data-cookie-options': '{"domain":"shop.test","expiresInDays":30}',
        'data-retry': '{"limit":2,"backoffLimitMs":50,"timeoutMs":2000}',
      }),
    );
    expect(options).toStrictEqual({
      endpoints: { lead: '/t/lead', sale: '/t/sale' },
      cookieOptions: { domain: 'shop.test', expiresInDays: 30 },
      retry: { limit: 2, backoffLimitMs: 50, timeoutMs: 2000 },
    });
    expect(errors).toEqual([]);
  });

  it('leaves out a malformed JSON attribute and reports a ConfigError', () => {
    const { options, errors } = readScriptAttributes(
      dataset({
        'data-publishable-key': 'dub_pk_123',
        'data-retry': "{limit: 2, 'timeoutMs': 2000}",
        'data-cookie-options': '{"domain":"shop.test",}',
      }),
    );
    expect(options).toStrictEqual({ publishableKey: 'dub_pk_123' });
    expect(Object.keys(options)).not.toContain('retry');
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toBeInstanceOf(DubTrackError);
      expect(error.name).toBe('ConfigError');
      expect(error.kind).toBeNull();
    }
    expect(errors.map((error) => error.message).join()).toContain('retry');
    expect(errors.map((error) => error.message).join()).toContain('cookieOptions');
  });

  it('reports an empty JSON attribute', () => {
    const { options, errors } = readScriptAttributes({ endpoints: '', apiHost: 'https://a.test' });
    expect(options).toStrictEqual({ apiHost: 'https://a.test' });
    expect(errors.map((error) => error.name)).toEqual(['ConfigError']);
  });

  it('reads data-debug without a value as on', () => {
    expect(readScriptAttributes({ debug: '' }).options.debug).toBe(true);
    expect(readScriptAttributes(dataset({ 'data-debug': 'true' })).options.debug).toBe(true);
  });

  it('reads data-debug="false" as off', () => {
    expect(readScriptAttributes(dataset({ 'data-debug': 'false' })).options.debug).toBe(false);
  });

  it('reads data-idempotency-header="false" as no header', () => {
    expect(
      readScriptAttributes(dataset({ 'data-idempotency-header': 'false' })).options
        .idempotencyHeader,
    ).toBe(false);
  });

  it('reads from a plain dataset-like object too', () => {
    const { options } = readScriptAttributes({ apiHost: 'https://a.test', debug: 'false' });
    expect(options).toStrictEqual({ apiHost: 'https://a.test', debug: false });
  });
});
