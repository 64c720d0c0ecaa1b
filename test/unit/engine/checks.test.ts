// What debug mode prints (the debug chunk), and the message of a route that does not exist.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeRefusal } from '../../../src/engine/checks.js';
import { debug } from '../../../src/engine/debug.js';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('debug.emit', () => {
  it('prints every ConfigError and every dropped event, passes everything on', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const emitted: unknown[] = [];
    const emit = debug.emit((_type, detail) => {
      emitted.push(detail);
    });
    const config = new DubTrackError('ConfigError', 'no publishable key', { kind: 'lead' });
    const dropped = new DubTrackError('BadRequest', 'bad', { kind: 'sale', eventId: 'e1' });
    const retried = new DubTrackError('NetworkError', 'offline', { kind: 'sale', willRetry: true });
    const inMemory = new DubTrackError('NetworkError', 'offline', { kind: 'sale', kept: 'memory' });
    for (const error of [config, dropped, retried, inMemory]) emit('error', error);
    expect(warn.mock.calls).toEqual([
      ['[dub-track] ConfigError (lead): no publishable key'],
      ['[dub-track] BadRequest (sale): bad'],
    ]);
    expect(emitted).toEqual([config, dropped, retried, inMemory]);
  });
});

describe('debug.announce', () => {
  it('says once which version is installed, where it sends, and the options', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const options = { apiHost: 'https://track.shop.test', debug: true };
    debug.announce('https://track.shop.test', options);
    expect(info.mock.calls).toEqual([
      [
        '[dub-track] dub-track test is installed, sending to https://track.shop.test; options:',
        options,
      ],
    ]);
  });
});

describe('routeRefusal', () => {
  it('says a 404 or 405 is a missing route, dropped, not retried', () => {
    for (const status of [404, 405])
      expect(routeRefusal(status, 'https://x.test/track/customer')).toBe(
        `https://x.test/track/customer answered ${status} (no such route): dropped, not retried`,
      );
    expect(routeRefusal(400, 'https://x.test/')).toBeUndefined();
  });
});
