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
  callHostile,
  callText,
  hostileInit,
  type Outcome,
  outcomeProblems,
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

      const report = await page.evaluate(callHostile, callText(hostile));
      const outcome = JSON.parse(report) as Outcome;
      // Anything still on its way to either host has arrived before the counts are read.
      await page.waitForTimeout(300);

      expect(evil.requests, why('nothing reaches another host')).toEqual([]);
      expect(pageErrors.uncaught, why('nothing is thrown into the page')).toEqual([]);
      const received = dub.map((request) => request.body);
      expect(collector.requests, why('the local collector is not the API host')).toEqual([]);
      expect(outcomeProblems(hostile, outcome, received), why('tracked or typed')).toEqual([]);
    });
  });
});
