// `import 'dub-track/script'` types the globals the script defines (window.dubTrack,
// window.dubAnalytics, window.DubAnalytics). The reference line for script-tag sites, and the
// absence of the globals without either, are checked on their own projects (test/unit/types).
import 'dub-track/script';
import type { DubPartnerData, LeadResult, Tracker } from 'dub-track';
import { describe, expectTypeOf, it } from 'vitest';

describe('globals', () => {
  it('types window.dubTrack as the tracker, with the ID required', () => {
    expectTypeOf(window.dubTrack).toEqualTypeOf<Tracker>();
    expectTypeOf(dubTrack.lead).returns.resolves.toEqualTypeOf<LeadResult>();
    // @ts-expect-error no customerExternalId
    void window.dubTrack.sale({ amount: 100 });
  });

  it("types Dub's window.dubAnalytics calls", () => {
    void window.dubAnalytics.trackLead({ eventName: 'Sign up', customerExternalId: 'c' });
    void window.dubAnalytics.trackSale({ amount: 4999, customerExternalId: 'c' });
    void window.dubAnalytics.trackClick({ domain: 'go.example.com', key: 'jane' });
    window.dubAnalytics('ready', () => {});
    // @ts-expect-error amount in the smallest unit, a number
    void window.dubAnalytics.trackSale({ amount: '49.99', customerExternalId: 'c' });
  });

  it("types window.DubAnalytics as Dub's partner data", () => {
    expectTypeOf(window.DubAnalytics).toEqualTypeOf<DubPartnerData | undefined>();
    expectTypeOf(window.DubAnalytics?.partner?.name).toEqualTypeOf<string | undefined>();
    expectTypeOf(window.DubAnalytics?.discount?.type).toEqualTypeOf<
      'percentage' | 'flat' | undefined
    >();
  });
});
