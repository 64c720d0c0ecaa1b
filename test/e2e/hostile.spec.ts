// Hostile pages (SPEC §4, §9): a page whose prototypes are polluted, whose markup clobbers the
// globals the script reads, or whose built-ins are patched still tracks correctly or gets a typed
// error, never sends to another host, and never has an error thrown into it. A second, "evil"
// collector stands for the host a pollution would redirect events to: it must receive nothing.
// Every other hostile page runs in all three engines (test/browsers/hostile.test.ts); this one
// needs Dub's own API answered in the browser (request routing).
import type { Page } from '@playwright/test';
import {
  type Collector,
  expect,
  html,
  type ScriptAttrs,
  type Site,
  scriptTag,
  test,
  waitForTracker,
} from './fixtures.js';
import { answerAsDub, call, instrument, resolved, settleDown } from './page.js';

const LEAD = { eventName: 'Sign up', customerExternalId: 'cus_hostile' };
const CLICK = 'clk_hostile';

/**
 * Opens a page of the site with the tag (`defer`, as the README recommends), `body` as markup, and
 * `pollute` run before any script of the page (after the test instrumentation).
 */
async function open(
  { page, site, collector }: { page: Page; site: Site; collector: Collector },
  {
    attrs = {},
    body = '',
    pollute,
    arg,
    wait = true,
  }: {
    attrs?: ScriptAttrs;
    body?: string;
    pollute?: (arg: string) => void;
    arg?: string;
    wait?: boolean;
  } = {},
) {
  await page.addInitScript(instrument);
  if (pollute) await page.addInitScript(pollute, arg ?? '');
  site.page('/landing', html(scriptTag(site, collector, { defer: true, ...attrs }), body));
  await page.goto(`${site.url()}/landing?dub_id=${CLICK}`);
  if (wait) await waitForTracker(page);
}

test.describe('a polluted Object.prototype.apiHost sends nothing to the polluting host', () => {
  test('with the README tag (no data-api-host), the lead goes to Dub [Chromium only: answers api.dub.co in the browser]', async ({
    page,
    evil,
    pageErrors,
    site,
    collector,
  }) => {
    const fixtures = { page, site, collector };
    const dub = await answerAsDub(page, { click: { id: CLICK } });
    await open(fixtures, {
      attrs: { 'data-api-host': undefined, 'data-publishable-key': 'dub_pk_hostile' },
      arg: evil.url,
      pollute: (evilUrl) =>
        Object.defineProperty(Object.prototype, 'apiHost', { value: evilUrl, writable: true }),
    });

    resolved(await call(page, 'lead', { ...LEAD, customerEmail: 'a@b.co' }));
    await settleDown(page);

    expect(dub.map((request) => request.path)).toEqual(['/track/lead/client']);
    expect(dub[0].body).toEqual({ ...LEAD, customerEmail: 'a@b.co', clickId: CLICK });
    expect(evil.requests).toEqual([]);
    expect(pageErrors.uncaught).toEqual([]);
  });
});
