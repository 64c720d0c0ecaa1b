// TrackResult is typed per call: Dub's lead and sale answers, and a sale Dub did not record.
import {
  createTracker,
  type DubLeadResponse,
  type DubSaleResponse,
  type LeadResult,
  type SaleResult,
  type TrackResult,
} from 'dub-track';
import { describe, expectTypeOf, it } from 'vitest';

const tracker = createTracker({ publishableKey: 'dub_pk_123' });

describe('results', () => {
  it("types a lead's answer as Dub gives it", () => {
    expectTypeOf(tracker.lead).returns.resolves.toEqualTypeOf<LeadResult>();
    expectTypeOf<LeadResult['data']>().toEqualTypeOf<DubLeadResponse>();
    expectTypeOf<LeadResult['data']['click']['id']>().toEqualTypeOf<string>();
    expectTypeOf<LeadResult['data']['customer']['externalId']>().toEqualTypeOf<string | null>();
  });

  it('types a sale by whether Dub recorded it', async () => {
    expectTypeOf(tracker.sale).returns.resolves.toEqualTypeOf<SaleResult>();
    const result = await tracker.sale({ amount: 1, customerExternalId: 'c' });
    if (result.recorded) {
      expectTypeOf(result.data).toEqualTypeOf<DubSaleResponse>();
      expectTypeOf(result.data.sale.amount).toEqualTypeOf<number>();
    } else {
      expectTypeOf(result.data.sale).toEqualTypeOf<null>();
      expectTypeOf(result.data.customer).toEqualTypeOf<null>();
    }
    // @ts-expect-error the sale may be null until `recorded` is checked
    void result.data.sale.amount;
  });

  it('keeps every result a TrackResult', () => {
    expectTypeOf<SaleResult>().toExtend<TrackResult>();
    expectTypeOf<LeadResult>().toExtend<TrackResult>();
    expectTypeOf(tracker.customer).returns.resolves.toExtend<TrackResult>();
  });
});
