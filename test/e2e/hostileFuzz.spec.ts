// The seeded hostile pages (test/browsers/helpers/hostileFuzz.ts) whose tag has no
// data-api-host, so their calls go to Dub's own API: answering https://api.dub.co in the browser is
// request routing, which only Chromium's driver has here. Every other page of the same seed runs
// in all three engines (test/browsers/hostileFuzz.test.ts). Every page must either track correctly
// (Dub got exactly the body meant) or reject with a typed error; it never sends anything to the
// "evil" collector and never has an error thrown into it.
import {
  CLICK,
  CLOBBERS,
  COUNT,
  canonical,
  ERROR_NAMES,
  expectedBody,
  hostileInit,
  inputOf,
  pages,
  SEED,
} from '../browsers/helpers/hostileFuzz.js';
import { expect, html, scriptTag, test } from './fixtures.js';
import { answerAsDub } from './page.js';

test.describe(`hostile pages (seed ${SEED}, ${COUNT} pages)`, () => {
  pages.forEach((hostile, index) => {
    // A page whose tag names its API host runs in every engine (test/browsers/hostileFuzz.test.ts).
    if (hostile.apiHostAttribute) return;
    test(`[Chromium only: answers api.dub.co in the browser] page ${index + 1}: tracks correctly or fails with a typed error, and sends nothing elsewhere`, async ({
      page,
      site,
      collector,
      evil,
      pageErrors,
    }) => {
      const described = JSON.stringify(hostile);
      test.info().annotations.push({ type: 'hostile page', description: described });
      /** An assertion's message that carries the page, so a failure can be replayed. */
      const why = (what: string) => `${what} (page: ${described})`;
      const dub = await answerAsDub(page, { ok: true });
      await page.addInitScript(hostileInit, { page: hostile, evil: evil.url });
      const attrs = {
        'data-api-host': undefined,
        ...(hostile.partnerDomains
          ? { 'data-domains': { refer: 'refer.shop.test', outbound: ['out.shop.test'] } }
          : {}),
      };
      site.page(
        '/landing',
        html(
          scriptTag(site, collector, {
            defer: true,
            'data-publishable-key': 'dub_pk_fuzz',
            ...attrs,
          }),
          Object.values(hostile.clobbers.map((name) => CLOBBERS[name])).join(''),
        ),
      );
      await page.goto(`${site.url()}/landing?dub_id=${CLICK}`);
      await page.waitForFunction(() => Symbol.for('dub-track') in window, undefined, {
        timeout: 10_000,
      });

      // The call and its result travel as text read and written with the page's real JSON (kept
      // before the patches): an argument object would be rebuilt in the page by assignment,
      // which the page's own setters would intercept.
      const report = await page.evaluate(
        async (text) => {
          const w = window as unknown as Record<string | symbol, unknown>;
          const stringify = w.__realStringify as typeof JSON.stringify;
          const call = (w.__realParse as typeof JSON.parse)(text) as [string, unknown];
          const kind = call[0];
          const input = call[1];
          const tracker = w[Symbol.for('dub-track')] as Record<string, (i: unknown) => unknown>;
          try {
            const promise = tracker[kind](input);
            if (!(promise instanceof Promise)) return stringify({ sync: String(promise) });
            const result = (await promise) as { status: number };
            return stringify({ ok: true, status: result.status });
          } catch (error) {
            const e = error as { name?: unknown; message?: unknown; stack?: unknown };
            return stringify({
              ok: false,
              name: String(e?.name),
              message: String(e?.stack ?? e?.message),
              isError: error instanceof Error,
            });
          }
        },
        JSON.stringify([hostile.kind, inputOf(hostile)]),
      );
      const outcome = JSON.parse(report);
      // Anything still on its way to either host has arrived before the counts are read.
      await page.waitForTimeout(300);

      expect(evil.requests, why('nothing reaches another host')).toEqual([]);
      expect(pageErrors.uncaught, why('nothing is thrown into the page')).toEqual([]);
      const received = dub.map((request) => request.body);
      expect(collector.requests, why('the local collector is not the API host')).toEqual([]);
      if (outcome.ok) {
        expect(received.map(canonical), why('the body the page meant')).toEqual([
          canonical(expectedBody(hostile)),
        ]);
      } else {
        expect(outcome, why('a typed error')).toMatchObject({ ok: false, isError: true });
        expect(
          ERROR_NAMES,
          why(`a DubTrackError name, not ${outcome.name} (${outcome.message})`),
        ).toContain(outcome.name);
        for (const body of received)
          expect(canonical(body), why('only ever the body meant')).toBe(
            canonical(expectedBody(hostile)),
          );
      }
    });
  });
});
