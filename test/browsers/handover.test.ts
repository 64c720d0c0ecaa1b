// A tab closed while an event's request is on the wire hands the event to the next page with what
// it knew: an event whose attempts so far all failed is sent again by the next page (after the
// grace period); one on its first attempt to an endpoint that was answering is taken as
// delivered, and reported as not sent again on the closing page, never dropped silently.
// A page that leaves holds its retries (until it is gone, or stays after all): Firefox cuts its
// requests, and a retry after the cut would count twice where the cut attempt had arrived, at
// this endpoint as at Dub (the stand-in) for a sale without invoiceId.
// The endpoint here cannot recognise a repeat (another origin, no idempotency header).
// DUB_HANDOVER_RUNS repeats each scenario (scripts/handover-loop.mjs); the suite runs each once.
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/outbox/entry.js';
import { type StartedDubStandin, startDubStandin } from '../fixtures/dub-standin.mjs';
import {
  ENGINE,
  HOST,
  outbox,
  pause,
  type SeenError,
  seen,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  until,
  visit,
  type World,
  waitForTracker,
} from './harness.js';

const world = setUpWorld();

let standin: StartedDubStandin | undefined;
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});
const RUNS = Number(process.env.DUB_HANDOVER_RUNS) || 1;
const RETRY = { limit: 2, backoffLimitMs: 50, timeoutMs: 20_000 };
/** An own endpoint on another origin that reads no idempotency header. */
const ATTRS = {
  'data-publishable-key': 'dub_pk_test_handover',
  'data-retry': RETRY,
  'data-idempotency-header': 'false',
};
const LEAD = { eventName: 'Sign up', customerExternalId: 'u_handover' };
/** How long the closing page's request is given to land before the next page sends it again. */
const HANDED_GRACE_MS = 10_000;

/** Fires a lead without waiting for it, as a page does before its visitor leaves. */
const fireLead = (page: World['page']) =>
  page.evaluate((input: Record<string, unknown>) => {
    const tracker = (
      window as unknown as { dubTrack: Record<string, (i: unknown) => Promise<unknown>> }
    ).dubTrack;
    void tracker.lead(input).catch(() => {});
  }, LEAD);

/** The lead's requests the collector answered 200. */
const delivered = ({ collector }: World) =>
  collector
    .tracked()
    .filter((post) => typeof post.answer === 'object' && post.answer.status === 200);

describe(`[${ENGINE}] hand-over at unload`, () => {
  for (let run = 1; run <= RUNS; run++) {
    const n = RUNS > 1 ? ` (run ${run})` : '';

    it(`a lead whose attempts all failed, its tab closed with a retry on the wire, is sent once by the next page${n}`, async ({
      task,
    }) => {
      const { page, collector, session, site } = world;
      // Refused, the third attempt slowly: it is on the wire when the tab closes.
      collector.respond(() =>
        collector.tracked().length >= 3 ? { status: 503, delayMs: 5_000 } : { status: 503 },
      );
      servePage(world, '/checkout', { attrs: ATTRS });
      await visit(page, `${site.url(HOST)}/checkout`);
      await fireLead(page);
      await until(() => collector.tracked().length >= 3, 'third attempt on the wire');
      const second = await session.newPage();
      await page.close();
      // The endpoint recovers; the next page of the site opens 2 s later.
      collector.respond(null);
      await pause(2_000);
      const opened = Date.now();
      await visit(second, `${site.url(HOST)}/checkout`);
      // Handed over with what the closing page knew: two failed attempts before the one on the wire.
      let handed: OutboxEntry | undefined;
      await until(async () => {
        [handed] = await outbox(second);
        return handed?.handed !== undefined;
      }, 'the event handed over');
      expect(handed).toMatchObject({ kind: 'lead', attempts: 2, lastError: 'SDKError' });

      await until(
        () => delivered(world).length > 0,
        'the lead delivered within 10 s of the next page opening',
        opened + HANDED_GRACE_MS - Date.now(),
      );
      // For scripts/handover-loop.mjs: when it arrived, from the next page's opening.
      (task.meta as { arrivedMs?: number }).arrivedMs = delivered(world)[0].time - opened;
      await until(async () => (await outbox(second)).length === 0, 'outbox emptied');
      await settleDown(second, 500);
      expect(delivered(world)).toHaveLength(1);
      expect(delivered(world)[0].json).toMatchObject(LEAD);
      expect((await seen(second)).success).toEqual([
        expect.objectContaining({ kind: 'lead', eventId: handed?.id, status: 200 }),
      ]);
      expect(await uncaught(second)).toEqual([]);
    });

    it(`a lead on its first attempt to a slow healthy endpoint, its tab closed meanwhile, arrives once and the next page does nothing${n}`, async () => {
      const { page, collector, session, site } = world;
      collector.respond(() => ({ delayMs: 2_000 }));
      servePage(world, '/checkout', { attrs: ATTRS });
      await visit(page, `${site.url(HOST)}/checkout`);
      await fireLead(page);
      await until(() => collector.tracked().length >= 1, 'first attempt on the wire');
      const second = await session.newPage();
      await page.close();
      await pause(2_000);
      await visit(second, `${site.url(HOST)}/checkout`);
      // Taken as delivered by the closing page: nothing is left for the next one to send.
      await collector.waitForTracked(1, 15_000);
      await until(async () => (await outbox(second)).length === 0, 'outbox emptied');
      await settleDown(second, 1_000);
      expect(collector.tracked()).toHaveLength(1);
      expect(delivered(world)).toHaveLength(1);
      // The closing page reported it. Firefox may lose a closing tab's last storage writes: then
      // the next page finds the event still marked as on the wire, decides the same and reports.
      const { success, retry, error } = await seen(second);
      expect({ success, retry }).toEqual({ success: [], retry: [] });
      expect(error.length).toBeLessThanOrEqual(ENGINE === 'firefox' ? 1 : 0);
      for (const { message } of error) expect(message).toContain('is not sent again');
      expect(await uncaught(second)).toEqual([]);
    });

    it(`a lead on its first attempt to a slow healthy endpoint, its page navigating to the next one meanwhile, arrives once${n}`, async () => {
      const { page, collector, site } = world;
      collector.respond(() => ({ delayMs: 800 }));
      servePage(world, '/checkout', { attrs: ATTRS, body: '<a id="next" href="/next">next</a>' });
      servePage(world, '/next', { attrs: ATTRS });
      await visit(page, `${site.url(HOST)}/checkout`);
      await fireLead(page);
      await until(() => collector.tracked().length >= 1, 'first attempt on the wire');
      // Firefox cuts the request as the page leaves; a retry after the cut would be a second lead.
      await page.click('#next');
      await until(async () => new URL(await page.url()).pathname === '/next', 'on /next');
      await waitForTracker(page);
      await until(async () => (await outbox(page)).length === 0, 'outbox emptied');
      await settleDown(page, 1_500);
      expect(collector.tracked()).toHaveLength(1);
      expect(await uncaught(page)).toEqual([]);
    });

    it(`a sale without invoiceId to Dub, its page navigating to the next one while Dub answers, is recorded once${n}`, async () => {
      const { page, site } = world;
      // Dub records the sale, then answers; it cannot recognise a repeat without an invoice.
      const dub = await startDubStandin({
        latencyMs: 800,
        customers: [{ externalId: 'u_dub_sale', clickId: 'dub_click_sale' }],
      });
      standin = dub;
      const attrs = {
        'data-api-host': dub.url,
        'data-publishable-key': 'dub_pk_standin',
        'data-idempotency-header': 'false',
        'data-retry': RETRY,
      };
      servePage(world, '/checkout', { attrs, body: '<a id="next" href="/next">next</a>' });
      servePage(world, '/next', { attrs });
      await visit(page, `${site.url(HOST)}/checkout`);
      await page.evaluate(() => {
        const tracker = (
          window as unknown as { dubTrack: Record<string, (i: unknown) => Promise<unknown>> }
        ).dubTrack;
        void tracker.sale({ customerExternalId: 'u_dub_sale', amount: 4900 }).catch(() => {});
      });
      await until(() => dub.tracked().length >= 1, 'the sale on its way to Dub');
      await page.click('#next');
      await until(async () => new URL(await page.url()).pathname === '/next', 'on /next');
      await waitForTracker(page);
      await until(async () => (await outbox(page)).length === 0, 'outbox emptied');
      await settleDown(page, 1_500);
      expect(dub.state.sales).toHaveLength(1);
      expect(dub.tracked()).toHaveLength(1);
    });
  }

  it('a page that began to leave but stayed holds its retry a while, then sends it, and the lead arrives once', async () => {
    const { page, collector, site } = world;
    // The first attempt is refused once the page has begun to leave.
    collector.respond((record) =>
      collector.tracked().indexOf(record) === 0 ? { status: 503, delayMs: 1_000 } : undefined,
    );
    servePage(world, '/checkout', { attrs: ATTRS });
    await visit(page, `${site.url(HOST)}/checkout`);
    await fireLead(page);
    await until(() => collector.tracked().length >= 1, 'first attempt on the wire');
    // As a navigation that does not happen (a download, a cancelled one) begins.
    await page.evaluate(() => {
      dispatchEvent(new Event('beforeunload'));
    });
    const left = Date.now();
    await until(() => collector.tracked().length >= 2, 'the held retry');
    // Held while the page might still go, not started as soon as the refusal came.
    expect(Date.now() - left).toBeGreaterThan(5_000);
    await until(async () => (await seen(page)).success.length === 1, 'the lead delivered');
    await settleDown(page, 500);
    expect(collector.tracked()).toHaveLength(2);
    expect(delivered(world)).toHaveLength(1);
    expect((await seen(page)).error).toEqual([]);
    expect(await outbox(page)).toEqual([]);
  });

  it('the page that leaves with a first attempt on the wire reports the event it does not hand over, and debug mode prints it', async () => {
    const { page, collector, site } = world;
    collector.respond(() => ({ delayMs: 2_000 }));
    // Keeps what the leaving page reports where the next page of the tab can read it.
    const before = `
      const keep = (key, value) => sessionStorage.setItem(key, JSON.stringify([...JSON.parse(sessionStorage.getItem(key) || '[]'), value]));
      addEventListener('dubtrack:error', (event) => keep('errors', { name: event.detail.name, message: event.detail.message, eventId: event.detail.eventId, willRetry: event.detail.willRetry }));
      const warn = console.warn;
      console.warn = (...args) => { keep('warnings', args.join(' ')); warn.apply(console, args); };`;
    servePage(world, '/checkout', { attrs: { ...ATTRS, 'data-debug': true }, before });
    servePage(world, '/next', { noTag: true });
    await visit(page, `${site.url(HOST)}/checkout`);
    await fireLead(page);
    await until(() => collector.tracked().length >= 1, 'first attempt on the wire');
    const [kept] = await outbox(page);
    await page.evaluate(() => {
      location.href = '/next';
    });
    await until(async () => new URL(await page.url()).pathname === '/next', 'on /next');
    const reported = (await page.evaluate(() => ({
      errors: JSON.parse(sessionStorage.getItem('errors') || '[]'),
      warnings: JSON.parse(sessionStorage.getItem('warnings') || '[]'),
    }))) as { errors: SeenError[]; warnings: string[] };
    expect(reported.errors).toEqual([
      expect.objectContaining({ name: 'NetworkError', eventId: kept.id, willRetry: false }),
    ]);
    const [{ message }] = reported.errors;
    expect(message).toContain(`event ${kept.id} is not sent again`);
    expect(message).toContain('idempotency header');
    // Once, as debug mode prints every dropped event: with its error's name and kind.
    expect(reported.warnings.filter((line) => line.includes(kept.id))).toEqual([
      `[dub-track] NetworkError (lead): ${message}`,
    ]);
    expect(await outbox(page)).toEqual([]);
    await collector.waitForTracked(1, 15_000);
    expect(delivered(world)).toHaveLength(1);
  });
});
