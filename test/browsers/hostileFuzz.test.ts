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
  canonical,
  ERROR_NAMES,
  expectedBody,
  hostileInit,
  inputOf,
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

        // The call and its result travel as text read and written with the page's real JSON:
        // an argument object would be rebuilt in the page by assignment, which the page's own
        // setters would intercept.
        const report = await page.evaluate(
          async (text: string) => {
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
        await settleDown(page);

        expect(evil.requests, why('nothing reaches another host')).toEqual([]);
        expect(await uncaughtErrors(), why('nothing is thrown into the page')).toEqual([]);
        const received = collector.tracked().map((post) => post.json);
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
      } finally {
        await evil.close();
      }
    });
  });
});
