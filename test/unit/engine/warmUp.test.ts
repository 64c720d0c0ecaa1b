// The warm-up of a preloading page: runs the sale path once the page is idle, sends nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveDeliveryOptions } from '../../../src/engine/options.js';
import { warmUp } from '../../../src/engine/warmUp.js';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('warmUp', () => {
  it('validates and serialises a sale once the page is idle, and sends nothing', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    let idle: (() => void) | undefined;
    vi.stubGlobal('requestIdleCallback', (run: () => void) => {
      idle = run;
    });
    const toBody = vi.fn((body: Record<string, unknown> | DubTrackError) => JSON.stringify(body));
    const config = resolveDeliveryOptions({ publishableKey: 'dub_pk_x' }, () => {});
    warmUp(config, DubTrackError, toBody);
    expect(toBody).not.toHaveBeenCalled();
    idle?.();
    expect(toBody).toHaveBeenCalledWith(
      expect.objectContaining({ customerExternalId: 'warm-up', amount: 1 }),
      'sale',
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fetch).not.toHaveBeenCalled();
  });

  it('waits on a timer where requestIdleCallback is not a function (a page element of that name)', async () => {
    vi.stubGlobal('fetch', vi.fn());
    // WebKit has no requestIdleCallback: an element id="requestIdleCallback" owns the name.
    vi.stubGlobal('requestIdleCallback', { tagName: 'A' });
    const toBody = vi.fn((body: Record<string, unknown> | DubTrackError) => JSON.stringify(body));
    const config = resolveDeliveryOptions({ publishableKey: 'dub_pk_x' }, () => {});
    expect(() => warmUp(config, DubTrackError, toBody)).not.toThrow();
    await vi.waitFor(() => expect(toBody).toHaveBeenCalledTimes(1));
  });
});
