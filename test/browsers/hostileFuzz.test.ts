// The seeded hostile pages (test/browsers/helpers/hostileFuzz.ts), in every engine: each page
// pollutes prototypes, clobbers globals with markup and patches built-ins before the tag, then
// makes one call. Every page must either track correctly (the collector got exactly the body
// meant) or reject with a typed error; it never sends anything to the "evil" collector (the host
// its pollution points at) and never has an error thrown into it. One scenario per page, the same
// seed and count as before; the pages whose tag has no data-api-host send to Dub's own API, which
// only Chromium's driver can answer in the browser: they stay in test/e2e/hostileFuzz.spec.ts.
import { describe, expect, it } from 'vitest';
import { startCollector } from '../fixtures/site.js';
import { ENGINE, note, servePage, settleDown, setUpWorld, until, visit } from './harness.js';
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
} from './helpers/hostileFuzz.js';

const world = setUpWorld();

/** What a page's patches leave the test unable to read back in this engine, if anything. */
const unreadable = (patches: readonly string[]) =>
  // WebKitWebDriver reads every script result through the page's own JSON.stringify.
  ENGINE === 'webkit' && patches.includes('jsonStringifySingleQuotes');

/**
 * The page's uncaught errors. No array or JSON of the page carries them out (a patched
 * Array.prototype.toJSON bends an array even in the real JSON.stringify): a count and the texts
 * joined by NUL, built with a plain loop.
 */
const uncaughtErrors = async (): Promise<string[]> => {
  const { n, text } = await world.page.evaluate(() => {
    const list = (window as unknown as { __test: { uncaught: string[] } }).__test.uncaught;
    let text = '';
    for (let i = 0; i < list.length; i++) text += (i ? '\u0000' : '') + String(list[i]);
    return { n: list.length, text };
  });
  return n === 0 ? [] : text.split('\u0000');
};

describe(`hostile pages (seed ${SEED}, ${COUNT} pages)`, () => {
  pages.forEach((hostile, index) => {
    // Dub's own API is answered only by Chromium's request routing (test/e2e).
    if (!hostile.apiHostAttribute) return;
    if (unreadable(hostile.patches)) {
      note('no hostile page that replaces JSON.stringify: the driver reads results through it');
      return;
    }
    it(`page ${index + 1}: tracks correctly or fails with a typed error, and sends nothing elsewhere`, async () => {
      const { page, site, collector } = world;
      const described = JSON.stringify(hostile);
      /** An assertion's message that carries the page, so a failure can be replayed. */
      const why = (what: string) => `${what} (page: ${described})`;
      const evil = await startCollector();
      try {
        servePage(world, '/landing', {
          attrs: {
            defer: true,
            'data-publishable-key': 'dub_pk_fuzz',
            ...(hostile.partnerDomains
              ? { 'data-domains': { refer: 'refer.shop.test', outbound: ['out.shop.test'] } }
              : {}),
          },
          before: `(${hostileInit.toString()})(${JSON.stringify({ page: hostile, evil: evil.url })});`,
          body: hostile.clobbers.map((name) => CLOBBERS[name]).join(''),
        });
        await visit(page, `${site.url()}/landing?dub_id=${CLICK}`, { tracker: false });
        // An engine without requestIdleCallback (WebKitGTK) leaves the name to the page's markup:
        // `<a id="requestIdleCallback">` makes it an element, which the tag must not call.
        await until(
          () => page.evaluate(() => Symbol.for('dub-track') in window),
          'the tracker defined',
        );

        const report = await page.evaluate(callHostile, callText(hostile));
        const outcome = JSON.parse(report) as Outcome;
        // Anything still on its way to either host has arrived before the counts are read.
        await settleDown(page);

        expect(evil.requests, why('nothing reaches another host')).toEqual([]);
        expect(await uncaughtErrors(), why('nothing is thrown into the page')).toEqual([]);
        const received = collector.tracked().map((post) => post.json);
        expect(outcomeProblems(hostile, outcome, received), why('tracked or typed')).toEqual([]);
      } finally {
        await evil.close();
      }
    });
  });
});
