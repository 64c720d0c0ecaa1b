// The landing page: what the core costs a page that a Dub short link opens (`?dub_id=` new to
// this browser, a fresh profile each time), next to a script that does nothing, of the same size,
// served the same way. Interleaved runs, so a slow moment of the machine hits both alike.
import { execFileSync } from 'node:child_process';
import { measure } from '../scripts/size.mjs';
import { CORE, emptyScript, median, traced } from './harness.mjs';

const RUNS = 21;
/**
 * The core as it was when the fast-path figures were first taken (4.3 ms against Dub's 3.5 ms):
 * measured in the same run, it scales that reference to this machine's present load. Left out
 * where the commit is not at hand (a copy without git history).
 */
export const BEFORE = 'fb9935b';
const before = (() => {
  try {
    return execFileSync('git', ['show', `${BEFORE}:dist/dub-track.js`], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
})();

/** Counts every `document.cookie` assignment of the page (an init script, before any other). */
function countCookieWrites() {
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  window.__cookieWrites = 0;
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get() {
      return cookie.get.call(this);
    },
    set(value) {
      window.__cookieWrites += 1;
      cookie.set.call(this, value);
    },
  });
}

export async function measureLanding({ browser, collector, site, route }) {
  route('/bench/core.js', CORE);
  route('/bench/empty.js', emptyScript(CORE.length));
  if (before) route('/bench/before.js', before);
  // The marks around a parser-blocking script take in its fetch too; the baseline has the same.
  route(
    '/landing',
    (url) =>
      `<!doctype html><script>performance.mark('before')</script><script src="${url.searchParams.get('src')}" data-api-host="${collector.url}" data-publishable-key="dub_pk_bench"></script><script>performance.mark('after')</script>`,
  );
  const cases = [
    { name: 'core', src: '/bench/core.js' },
    { name: 'empty', src: '/bench/empty.js' },
    ...(before ? [{ name: 'before', src: '/bench/before.js' }] : []),
  ];
  /** `EvaluateScript`: thread (CPU) time, and its duration, which takes in waits on the browser. */
  const cpu = { core: [], empty: [], before: [] };
  const evaluate = { core: [], empty: [], before: [] };
  const wall = { core: [], empty: [], before: [] };
  for (let run = 0; run < RUNS; run++)
    for (const { name, src } of cases) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const events = await traced(browser, page, ['devtools.timeline'], () =>
        page.goto(`${site}/landing?src=${src}&dub_id=landing_${run}`),
      );
      const tag = events.filter(
        (event) => event.name === 'EvaluateScript' && event.args?.data?.url?.endsWith(src),
      );
      cpu[name].push(tag.reduce((sum, event) => sum + (event.tdur ?? 0) / 1000, 0));
      evaluate[name].push(tag.reduce((sum, event) => sum + (event.dur ?? 0) / 1000, 0));
      wall[name].push(
        await page.evaluate(() => performance.measure('core', 'before', 'after').duration),
      );
      await context.close();
    }

  // Cookie writes: a new click on a fresh profile, then the same link opened again.
  const context = await browser.newContext();
  await context.addInitScript(countCookieWrites);
  const page = await context.newPage();
  const writes = [];
  for (const path of [
    '/landing?src=/bench/core.js&dub_id=writes_1',
    '/landing?src=/bench/core.js&dub_id=writes_1',
  ]) {
    await page.goto(`${site}${path}`);
    writes.push(await page.evaluate(() => window.__cookieWrites));
  }
  await context.close();

  return {
    runs: RUNS,
    sizes: measure(),
    bytes: CORE.length,
    cpu: { core: median(cpu.core), empty: median(cpu.empty), before: before && median(cpu.before) },
    evaluate: {
      core: median(evaluate.core),
      empty: median(evaluate.empty),
      before: before && median(evaluate.before),
    },
    wall: {
      core: median(wall.core),
      empty: median(wall.empty),
      before: before && median(wall.before),
    },
    cookieWrites: { newClick: writes[0], sameClick: writes[1] },
  };
}
