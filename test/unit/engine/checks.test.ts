// What debug mode prints, and the message of a route that does not exist.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineHost } from '../../../src/contract.js';
import { announce, debugEmit, routeRefusal } from '../../../src/engine/checks.js';
import type { DeliveryConfig } from '../../../src/engine/options.js';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const hostWith = () => {
  const emitted: unknown[] = [];
  const host = { emit: (_type: string, detail: unknown) => emitted.push(detail) };
  return { host: host as unknown as EngineHost, emitted };
};

describe('debugEmit', () => {
  it('prints every ConfigError and every dropped event, passes everything on', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { host, emitted } = hostWith();
    const emit = debugEmit(host, true);
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

  it('prints nothing outside debug mode', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { host } = hostWith();
    debugEmit(host, false)('error', new DubTrackError('ConfigError', 'x'));
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('announce', () => {
  it('says once which version is installed, where it sends, and the options', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const options = { apiHost: 'https://track.shop.test', debug: true };
    announce({ apiHost: 'https://track.shop.test' } as DeliveryConfig, options);
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
