// Chromium (over CDP) and Firefox ESR (over WebDriver BiDi) through puppeteer-core, which drives
// the system browsers and never downloads one.
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, CHROMIUM_SHELL_PATH } from '../../fixtures/chromium.mjs';
import { evaluationResult, evaluationSource } from './evaluate.js';
import {
  type BrowserCookie,
  type Engine,
  type EnginePage,
  hiddenCapabilities,
  MAPPED_HOSTS,
} from './types.js';

/** Firefox: Debian's, or another build named by DUB_FIREFOX_PATH (Chromium's: fixtures/chromium.mjs). */
const FIREFOX_PATH = process.env.DUB_FIREFOX_PATH || '/usr/bin/firefox-esr';

/** Navigation and evaluation limit: generous, the machine is shared. */
const TIMEOUT_MS = 30_000;

/**
 * Chromium's headless shell, or the full browser where a scenario needs what only it has (the
 * back/forward cache): see fixtures/chromium.mjs.
 */
export async function launchChromium({ full = false } = {}): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'chrome',
    executablePath: full ? CHROMIUM_PATH : CHROMIUM_SHELL_PATH,
    headless: full ? true : 'shell',
    protocolTimeout: 60_000,
    args: [
      ...CHROMIUM_ARGS,
      `--host-resolver-rules=${MAPPED_HOSTS.map((host) => `MAP ${host} 127.0.0.1`).join(', ')}`,
      // In the shell, a document given a frame of its own (RenderDocument) sometimes never gets
      // an idle period: requestIdleCallback never runs (one run in three, on a page with a
      // frame). The full browser does not do this; the shell then runs as it did before it.
      ...(full ? [] : ['--disable-features=RenderDocument']),
    ],
  });
  return wrap('chromium', browser, full ? '' : ' headless shell');
}

export async function launchFirefox(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    protocolTimeout: 60_000,
    extraPrefsFirefox: {
      // Firefox's own host mapping: these names resolve to loopback.
      'network.dns.localDomains': MAPPED_HOSTS.join(','),
      // Nothing but the test servers: no update, telemetry or captive-portal requests.
      'network.captive-portal-service.enabled': false,
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
    },
  });
  return wrap('firefox', browser);
}

async function wrap(name: 'chromium' | 'firefox', browser: Browser, build = ''): Promise<Engine> {
  // "Chrome/156.0.8078.114", "HeadlessChrome/156.0.8078.114", "firefox/140.12.0": the version as
  // the browser reports it.
  const version = (await browser.version()).split('/').pop();
  return {
    name,
    version: `${name} ${version}${build}`,
    abilities: {
      hostMapping: true,
      offline: await canGoOffline(browser),
      secureCookiesOnLoopback: true,
    },
    async newSession() {
      const context = await browser.createBrowserContext();
      const page = pageOf(await context.newPage());
      return {
        page,
        newPage: async () => pageOf(await context.newPage()),
        clearCookies: async () => {
          const cookies = await context.cookies();
          if (cookies.length) await context.deleteCookie(...cookies);
        },
        close: () => closeContext(context),
      };
    },
    close: () => browser.close(),
  };
}

/**
 * Whether the driver can take a page offline, asked of the driver itself: Firefox ESR 140's
 * WebDriver BiDi has no `emulation.setNetworkConditions` and answers "unknown command".
 */
async function canGoOffline(browser: Browser): Promise<boolean> {
  if (hiddenCapabilities().has('offline')) return false;
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setOfflineMode(true);
    await page.setOfflineMode(false);
    return true;
  } catch {
    return false;
  } finally {
    await closeContext(context);
  }
}

async function closeContext(context: BrowserContext) {
  // A page stuck in a dialog or navigation must not keep the next test from starting.
  await context.close().catch(() => undefined);
}

function pageOf(page: Page): EnginePage {
  page.setDefaultTimeout(TIMEOUT_MS);
  page.setDefaultNavigationTimeout(TIMEOUT_MS);
  return {
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async back() {
      // Not goBack(): over BiDi it waits for a navigation event a page restored from Firefox's
      // back/forward cache never fires. The back button, then the document it shows.
      const before = await page.evaluate(() => location.href);
      await page.evaluate(() => void setTimeout(() => history.back()));
      const started = Date.now();
      for (;;) {
        const now = await page.evaluate(() => location.href).catch(() => before);
        if (now !== before) return;
        if (Date.now() - started > TIMEOUT_MS) throw new Error(`back(): still on ${before}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async reload() {
      await page.reload({ waitUntil: 'load' });
    },
    url: async () => page.url(),
    async evaluate(fn, ...args) {
      return evaluationResult(await page.evaluate(evaluationSource(fn, args)));
    },
    // Once the element has a box: a page still laying it out (a log growing above it) has none
    // for a moment, and puppeteer then finds nothing to click instead of waiting.
    async click(selector) {
      await page.waitForSelector(selector, { visible: true });
      await page.click(selector);
    },
    async follow(selector, how) {
      if (how === 'keyboard') {
        await page.focus(selector);
        await page.keyboard.press('Enter');
      } else if (how === 'modifier') {
        await page.keyboard.down('Control');
        await page.click(selector);
        await page.keyboard.up('Control');
      } else await page.click(selector, { button: how === 'middle' ? 'middle' : 'right' });
    },
    async cookies(): Promise<BrowserCookie[]> {
      // Page-scoped cookies: what the browser would send to this URL.
      const cookies = await page.cookies();
      return cookies.map((cookie) => ({
        name: cookie.name,
        value: cookie.value,
        domain: cookie.domain,
        path: cookie.path,
        expires: cookie.expires > 0 ? cookie.expires : null,
        sameSite: cookie.sameSite ?? null,
        secure: cookie.secure,
        httpOnly: cookie.httpOnly ?? false,
      }));
    },
    localStorage: () => page.evaluate(() => ({ ...localStorage })),
    setOffline: (offline) => page.setOfflineMode(offline),
    close: () => page.close({ runBeforeUnload: false }),
  };
}
