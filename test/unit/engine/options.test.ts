// resolveDeliveryOptions: the delivery settings the engine sends with. Each bad option is
// reported and replaced by its own default; the good ones around it still apply.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrackerOptions } from '../../../src/config/options.js';
import { NO_KEY_REFUSAL } from '../../../src/engine/checks.js';
import { debug } from '../../../src/engine/debug.js';
import { resolveDeliveryOptions } from '../../../src/engine/options.js';

const DUB_CUSTOMER_REFUSAL =
  'customer() not sent: https://api.dub.co is no first-party endpoint declared to answer customers (Dub has no browser endpoint for customers). Serve dub-track/server on this origin, or set customerEndpoint: true (data-customer-endpoint)';

afterEach(() => {
  vi.unstubAllGlobals();
});

const resolve = (options: TrackerOptions | Record<string, unknown>) => {
  const reports: string[] = [];
  const config = resolveDeliveryOptions(
    options as TrackerOptions,
    (message) => {
      reports.push(message);
    },
    debug,
  );
  return { config, reports };
};

const DEFAULT_ENDPOINTS = {
  lead: '/track/lead/client',
  sale: '/track/sale/client',
  customer: '/track/customer',
};
const DEFAULT_RETRY = { limit: 5, backoffLimitMs: 30_000, timeoutMs: 10_000 };

describe('resolveDeliveryOptions', () => {
  it("defaults to Dub's API without an idempotency header", () => {
    const { config, reports } = resolve({});
    expect(config).toStrictEqual({
      apiHost: 'https://api.dub.co',
      publishableKey: undefined,
      endpoints: DEFAULT_ENDPOINTS,
      retry: DEFAULT_RETRY,
      idempotencyHeader: false,
      isDub: true,
      customerRefusal: DUB_CUSTOMER_REFUSAL,
      keyRefusal: NO_KEY_REFUSAL,
      debug: undefined,
    });
    expect(reports).toEqual([]);
  });

  it('sends no idempotency header to any dub.co host', () => {
    for (const apiHost of ['https://api.dub.co', 'https://dub.co', 'https://API.Dub.co/']) {
      const { config, reports } = resolve({ apiHost });
      expect(config.idempotencyHeader).toBe(false);
      expect(config.isDub).toBe(true);
      expect(reports).toEqual([]);
    }
  });

  it('reports an explicit idempotency header for dub.co and sends none', () => {
    const { config, reports } = resolve({ idempotencyHeader: 'Idempotency-Key' });
    expect(config.idempotencyHeader).toBe(false);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('idempotencyHeader');
  });

  it('accepts idempotencyHeader false for dub.co without a report', () => {
    const { config, reports } = resolve({
      apiHost: 'https://api.dub.co',
      idempotencyHeader: false,
    });
    expect(config.idempotencyHeader).toBe(false);
    expect(reports).toEqual([]);
  });

  it('sends Idempotency-Key by default only to an endpoint on the page’s own origin', () => {
    vi.stubGlobal('location', new URL('https://track.shop.test/checkout'));
    const same = resolve({ apiHost: 'https://track.shop.test/' });
    expect(same.config.apiHost).toBe('https://track.shop.test');
    expect(same.config.isDub).toBe(false);
    expect(same.config.idempotencyHeader).toBe('Idempotency-Key');
    expect(same.reports).toEqual([]);
    // Another origin's CORS may refuse the header (a proxy passing Dub's through does).
    for (const apiHost of [
      'https://api.shop.test',
      'http://track.shop.test',
      'https://track.shop.test:8443',
    ]) {
      const other = resolve({ apiHost });
      expect(other.config.idempotencyHeader).toBe(false);
      expect(other.reports).toEqual([]);
    }
  });

  it('does not take a host that merely contains dub.co for Dub', () => {
    for (const apiHost of ['https://dub.co.shop.test', 'https://notdub.co', 'https://dub.com']) {
      const { config } = resolve({ apiHost });
      expect(config.isDub).toBe(false);
      expect(config.keyRefusal).toBe('');
      expect(
        resolve({ apiHost, idempotencyHeader: 'Idempotency-Key' }).config.idempotencyHeader,
      ).toBe('Idempotency-Key');
    }
  });

  it("refuses customer() for Dub's API, whatever its path", () => {
    expect(resolve({}).config.customerRefusal).toContain(
      'Dub has no browser endpoint for customers',
    );
    expect(resolve({ apiHost: 'https://api.dub.co' }).config.customerRefusal).toContain(
      'first-party endpoint',
    );
    // Dub answers an unknown path with an HTML 404 without CORS: a network error to a browser.
    const custom = { endpoints: { customer: '/my/customer' }, customerEndpoint: true };
    expect(resolve(custom).config.customerRefusal).toBe(DUB_CUSTOMER_REFUSAL);
  });

  it("sends customer() to the page's own origin, or to another one declared with customerEndpoint", () => {
    // happy-dom's page is on http://localhost:3000.
    expect(resolve({ apiHost: location.origin }).config.customerRefusal).toBe('');
    const other = resolve({ apiHost: 'https://track.shop.test' }).config.customerRefusal;
    expect(other).toContain('https://track.shop.test is no first-party endpoint declared');
    expect(other).toContain('customerEndpoint: true');
    for (const customerEndpoint of [true, '', 'true'])
      expect(
        resolve({ apiHost: 'https://track.shop.test', customerEndpoint }).config.customerRefusal,
      ).toBe('');
    expect(
      resolve({ apiHost: 'https://track.shop.test', customerEndpoint: 'false' }).config
        .customerRefusal,
    ).toBe(other);
  });

  it("refuses every call to Dub's API without a publishable key, and only there", () => {
    expect(resolve({}).config.keyRefusal).toBe(NO_KEY_REFUSAL);
    expect(NO_KEY_REFUSAL).toContain('data-publishable-key');
    expect(resolve({ publishableKey: 'dub_pk_1' }).config.keyRefusal).toBe('');
    expect(resolve({ apiHost: 'https://track.shop.test' }).config.keyRefusal).toBe('');
  });

  it('reports in debug mode every option nothing reads, with the closest known name', () => {
    const { reports } = resolve({
      debug: true,
      publishableKye: 'dub_pk_1',
      outboundDomains: ['a.com'],
      sdkn: '@dub/analytics',
    });
    expect(reports).toEqual([
      'unknown option "publishableKye" ignored: did you mean publishableKey?',
      'unknown option "outboundDomains" ignored',
    ]);
    expect(resolve({ publishableKye: 'dub_pk_1' }).reports).toEqual([]);
  });

  it('uses a custom header name or none on a first-party host', () => {
    const host = 'http://127.0.0.1:8787';
    expect(
      resolve({ apiHost: host, idempotencyHeader: 'X-Event-Id' }).config.idempotencyHeader,
    ).toBe('X-Event-Id');
    expect(resolve({ apiHost: host, idempotencyHeader: false }).config.idempotencyHeader).toBe(
      false,
    );
  });

  it('reports a header name that is not a valid HTTP token and uses the default', () => {
    vi.stubGlobal('location', new URL('https://t.shop.test/'));
    for (const idempotencyHeader of ['Bad Header', 'X:Y', '', 'Ünïcode', true, 42]) {
      const { config, reports } = resolve({ apiHost: 'https://t.shop.test', idempotencyHeader });
      expect(config.idempotencyHeader).toBe('Idempotency-Key');
      expect(reports).toHaveLength(1);
      expect(reports[0]).toContain('idempotencyHeader');
    }
  });

  it('strips trailing slashes from apiHost', () => {
    expect(resolve({ apiHost: 'https://track.shop.test/' }).config.apiHost).toBe(
      'https://track.shop.test',
    );
    expect(resolve({ apiHost: 'https://shop.test/api//' }).config.apiHost).toBe(
      'https://shop.test/api',
    );
  });

  it('reports a bad apiHost and uses the default', () => {
    for (const apiHost of [
      'track.shop.test',
      '/api',
      'ftp://shop.test',
      'javascript:alert(1)',
      42,
    ]) {
      const { config, reports } = resolve({ apiHost });
      expect(config.apiHost).toBe('https://api.dub.co');
      expect(config.isDub).toBe(true);
      expect(reports).toHaveLength(1);
      expect(reports[0]).toContain('apiHost');
    }
  });

  it('passes the publishable key on, and reports an empty one', () => {
    expect(resolve({ publishableKey: 'dub_pk_1' }).config.publishableKey).toBe('dub_pk_1');
    const { config, reports } = resolve({ publishableKey: '' });
    expect(config.publishableKey).toBeUndefined();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('publishableKey');
  });

  it('merges given endpoints over the defaults', () => {
    const { config, reports } = resolve({ endpoints: { lead: '/t/lead' } });
    expect(config.endpoints).toEqual({ ...DEFAULT_ENDPOINTS, lead: '/t/lead' });
    expect(reports).toEqual([]);
  });

  it('reports each bad endpoint and keeps the good ones', () => {
    const { config, reports } = resolve({
      endpoints: { lead: 'track/lead', sale: '/t/sale', customer: 42 },
    });
    expect(config.endpoints).toEqual({
      lead: DEFAULT_ENDPOINTS.lead,
      sale: '/t/sale',
      customer: DEFAULT_ENDPOINTS.customer,
    });
    expect(reports).toHaveLength(2);
    expect(reports[0]).toContain('endpoints.lead');
    expect(reports[1]).toContain('endpoints.customer');
  });

  it('reports endpoints or retry that are not objects', () => {
    for (const endpoints of ['/track', null, 5]) {
      const { config, reports } = resolve({ endpoints });
      expect(config.endpoints).toEqual(DEFAULT_ENDPOINTS);
      expect(reports).toEqual([expect.stringContaining('endpoints')]);
    }
    const { config, reports } = resolve({ retry: 'fast' });
    expect(config.retry).toEqual(DEFAULT_RETRY);
    expect(reports).toEqual([expect.stringContaining('retry')]);
  });

  it('merges given retry values over the defaults', () => {
    const { config, reports } = resolve({
      retry: { limit: 2, backoffLimitMs: 50, timeoutMs: 2000 },
    });
    expect(config.retry).toEqual({ limit: 2, backoffLimitMs: 50, timeoutMs: 2000 });
    expect(reports).toEqual([]);
    expect(resolve({ retry: { limit: 0 } }).config.retry).toEqual({ ...DEFAULT_RETRY, limit: 0 });
  });

  it('takes each retry value at its bounds', () => {
    const ok = [
      { limit: 0 },
      { limit: 20 },
      { backoffLimitMs: 0 },
      { timeoutMs: 1 },
      { timeoutMs: 2_147_483_647 },
    ];
    for (const retry of ok) {
      const { config, reports } = resolve({ retry });
      expect(config.retry).toEqual({ ...DEFAULT_RETRY, ...retry });
      expect(reports).toEqual([]);
    }
  });

  it('reports each bad retry value and defaults it alone', () => {
    const bad = [
      { limit: -1 },
      { limit: 21 },
      { limit: 1.5 },
      { limit: '3' },
      { backoffLimitMs: -1 },
      { backoffLimitMs: Number.NaN },
      { timeoutMs: 0 },
      { timeoutMs: 2_147_483_648 },
    ];
    for (const retry of bad) {
      const [name] = Object.keys(retry);
      const { config, reports } = resolve({
        retry: { ...retry, ...(name === 'limit' ? { timeoutMs: 2000 } : { limit: 2 }) },
      });
      expect(config.retry).toEqual({
        ...DEFAULT_RETRY,
        ...(name === 'limit' ? { timeoutMs: 2000 } : { limit: 2 }),
      });
      expect(reports).toEqual([expect.stringContaining(`retry.${name}`)]);
    }
  });

  it("reads debug as a boolean: on, the config carries debug mode's printing", () => {
    expect(resolve({ debug: true }).config.debug).toBe(debug);
    expect(resolve({ debug: false }).config.debug).toBeUndefined();
    expect(resolve({}).config.debug).toBeUndefined();
  });

  it('reads debug as data-debug gives it: present or "true" is on, "false" is off', () => {
    const cases: [string, boolean][] = [
      ['', true],
      ['true', true],
      ['false', false],
    ];
    for (const [value, on] of cases) {
      const { config, reports } = resolve({ debug: value });
      expect(config.debug).toBe(on ? debug : undefined);
      expect(reports).toEqual([]);
    }
  });

  it('reads idempotencyHeader "false" (as data-idempotency-header gives it) as false', () => {
    for (const apiHost of ['https://track.shop.test', 'https://api.dub.co']) {
      const { config, reports } = resolve({ apiHost, idempotencyHeader: 'false' });
      expect(config.idempotencyHeader).toBe(false);
      expect(reports).toEqual([]);
    }
  });

  it('reports an unknown key in endpoints or retry (a typo) and keeps the rest', () => {
    const { config, reports } = resolve({
      endpoints: { leads: '/t/lead', sale: '/t/sale' },
      retry: { limits: 2, timeoutMs: 2000 },
    });
    expect(config.endpoints).toEqual({ ...DEFAULT_ENDPOINTS, sale: '/t/sale' });
    expect(config.retry).toEqual({ ...DEFAULT_RETRY, timeoutMs: 2000 });
    expect(reports).toEqual([
      expect.stringContaining('endpoints.leads'),
      expect.stringContaining('retry.limits'),
    ]);
  });

  it('reports a value that breaks two rules once', () => {
    const { config, reports } = resolve({ retry: { limit: -1.5 } });
    expect(config.retry).toEqual(DEFAULT_RETRY);
    expect(reports).toEqual([expect.stringContaining('retry.limit')]);
  });

  it('does not change the options it is given', () => {
    const options = { endpoints: { lead: 'x' }, retry: { limit: -1 }, idempotencyHeader: 'false' };
    const copy = structuredClone(options);
    resolve(options);
    expect(options).toStrictEqual(copy);
  });

  it('reports the options the core reads: attribution model, consent and cookie options', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ attributionModel: 'last' }, 'attributionModel'],
      [{ consent: 'yes' }, 'consent'],
      [{ cookieOptions: 'Lax' }, 'cookieOptions'],
      [{ cookieOptions: { expiresInDays: 0 } }, 'cookieOptions.expiresInDays'],
      // Dub's shape takes any case (below), not other words.
      [{ cookieOptions: { sameSite: 'loose' } }, 'cookieOptions.sameSite'],
      [{ cookieOptions: { path: 'shop' } }, 'cookieOptions.path'],
      [{ cookieOptions: { domain: 7 } }, 'cookieOptions.domain'],
      [{ cookieOptions: { expiresInDay: 30 } }, 'cookieOptions.expiresInDay'],
    ];
    for (const [options, name] of cases) {
      expect(resolve(options).reports).toEqual([expect.stringContaining(`${name} is invalid`)]);
    }
    const good = {
      attributionModel: 'first-click',
      consent: 'pending',
      cookieOptions: {
        domain: '.shop.test',
        path: '/',
        expiresInDays: 30,
        sameSite: 'Strict',
        secure: true,
      },
    };
    expect(resolve(good).reports).toEqual([]);
  });

  it("takes Dub's cookieOptions shape: maxAge in seconds, expires, sameSite as a boolean or in any case, httpOnly", () => {
    const dubShapes = [
      { maxAge: 3600, sameSite: 'lax' },
      { expires: new Date(Date.now() + 864e5), sameSite: true },
      { expires: new Date(Date.now() + 864e5).toUTCString(), sameSite: 'NONE', secure: true },
      { expiresInDays: 7, sameSite: false, httpOnly: false },
    ];
    for (const cookieOptions of dubShapes) expect(resolve({ cookieOptions }).reports).toEqual([]);
    const bad: [Record<string, unknown>, string][] = [
      [{ maxAge: -1 }, 'cookieOptions.maxAge'],
      [{ maxAge: '3600' }, 'cookieOptions.maxAge'],
      [{ expires: '2001-01-01' }, 'cookieOptions.expires'],
      [{ expires: 'soon' }, 'cookieOptions.expires'],
      [{ sameSite: 'yes' }, 'cookieOptions.sameSite'],
    ];
    for (const [cookieOptions, name] of bad)
      expect(resolve({ cookieOptions }).reports).toEqual([
        expect.stringContaining(`${name} is invalid`),
      ]);
  });

  it('warns in debug mode that httpOnly is ignored, and only then', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      resolve({ cookieOptions: { httpOnly: true } });
      expect(warn).not.toHaveBeenCalled();
      resolve({ cookieOptions: { httpOnly: true }, debug: true });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('httpOnly is ignored'));
    } finally {
      warn.mockRestore();
    }
  });

  it("checks Dub's domains and query parameter options", () => {
    const good = {
      domainsConfig: {
        refer: 'refer.shop.test',
        site: 'site.shop.test',
        outbound: ['a.test', '*.b.test'],
      },
      queryParams: ['ref', 'via'],
      queryParam: 'ref',
      shortDomain: 'go.shop.test',
    };
    expect(resolve(good).reports).toEqual([]);
    expect(resolve({ domainsConfig: { outbound: 'a.test, b.test' } }).reports).toEqual([]);
    const bad: [Record<string, unknown>, string][] = [
      [{ domainsConfig: { refer: 'https://refer.shop.test/' } }, 'domainsConfig.refer'],
      [{ domainsConfig: { refers: 'refer.shop.test' } }, 'domainsConfig.refers'],
      [{ domainsConfig: { outbound: 7 } }, 'domainsConfig.outbound'],
      [{ queryParams: 'via' }, 'queryParams'],
      [{ queryParam: '' }, 'queryParam'],
      [{ shortDomain: 'a b' }, 'shortDomain'],
    ];
    for (const [options, name] of bad)
      expect(resolve(options).reports).toEqual([expect.stringContaining(`${name} is invalid`)]);
  });
});
