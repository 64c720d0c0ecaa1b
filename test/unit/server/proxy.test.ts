// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { clientAddress, publicOrigin } from '../../../src/server/proxy.js';

const request = (headers: Record<string, string>, url = 'http://10.0.0.5:3000/track/sale/client') =>
  new Request(url, { headers });

describe('clientAddress', () => {
  it('is the socket’s peer without trustProxy, whatever X-Forwarded-For says', () => {
    const forged = request({ 'x-forwarded-for': '1.1.1.1, 2.2.2.2' });
    expect(clientAddress(forged, { clientAddress: '9.9.9.9' }, 0)).toBe('9.9.9.9');
  });

  it('skips one entry per trusted proxy from the right, as Express does', () => {
    const chain = request({ 'x-forwarded-for': 'forged, 203.0.113.7, 10.0.0.2' });
    expect(clientAddress(chain, { clientAddress: '10.0.0.1' }, 1)).toBe('10.0.0.2');
    expect(clientAddress(chain, { clientAddress: '10.0.0.1' }, 2)).toBe('203.0.113.7');
    // More hops trusted than entries: the leftmost one.
    expect(clientAddress(chain, { clientAddress: '10.0.0.1' }, 9)).toBe('forged');
  });

  it('is unknown in a runtime without a socket address and no trusted proxy', () => {
    const chain = request({ 'x-forwarded-for': '203.0.113.7' });
    expect(clientAddress(chain, {}, 0)).toBeUndefined();
    expect(clientAddress(chain, {}, 1)).toBe('203.0.113.7');
  });
});

describe('publicOrigin', () => {
  it('is the request URL’s without trustProxy', () => {
    const forwarded = request({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example' });
    expect(publicOrigin(forwarded, 0)).toBe('http://10.0.0.5:3000');
  });

  it('reads the nearest Forwarded element, quoted or not, before X-Forwarded-*', () => {
    const both = request({
      forwarded:
        'for=1.2.3.4;host=evil.example;proto=http, for=5.6.7.8;proto=https;host="shop.example:8443"',
      'x-forwarded-host': 'other.example',
    });
    expect(publicOrigin(both, 1)).toBe('https://shop.example:8443');
  });

  it('takes the rightmost X-Forwarded-Proto and -Host, each part falling back to the URL', () => {
    const proto = request({ 'x-forwarded-proto': 'http, https' });
    expect(publicOrigin(proto, 1)).toBe('https://10.0.0.5:3000');
    const host = request({ 'x-forwarded-host': 'a.example, shop.example' });
    expect(publicOrigin(host, 1)).toBe('http://shop.example');
    const broken = request({ 'x-forwarded-host': 'bad host/' });
    expect(publicOrigin(broken, 1)).toBe('http://10.0.0.5:3000');
  });
});
