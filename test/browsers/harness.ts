// What every neutral scenario file uses: one engine per file (DUB_ENGINE), a fresh session
// (cookies, storage), collector and site pages per test, and the page-side helpers the
// Playwright specs have in test/e2e/page.ts, written against the engine-neutral page API.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import type { OutboxEntry } from '../../src/outbox/entry.js';
import type { TrackResult } from '../../src/outcome/events.js';
import {
  type Collector,
  html,
  type ScriptAttrs,
  type SiteServer,
  scriptTag,
  startCollector,
  startSite,
} from '../fixtures/site.js';
import { ABILITIES, engineName, launchEngine } from './engines/index.js';
import {
  type Engine,
  type EngineAbilities,
  type EnginePage,
  type EngineSession,
  hiddenCapabilities,
} from './engines/types.js';

// Helpers the Playwright specs use too.
export { engineFile, pause, postsOf } from '../fixtures/site.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** WebKitWebDriver's ports, one per worker, when globalSetup started them (DUB_ENGINE=webkit). */
    webkitDriverPorts: number[];
  }
}

export const ENGINE = engineName();
export const ABLE: Pick<EngineAbilities, 'hostMapping' | 'secureCookiesOnLoopback'> =
  ABILITIES[ENGINE];

/**
 * The host a page is opened on: `www.shop.test` where the engine maps it to loopback, else
 * 127.0.0.1 (WebKitGTK has no host mapping).
 */
export const HOST = ABLE.hostMapping ? 'www.shop.test' : '127.0.0.1';

/** The per-test world; its fields are set before each test. */
export interface World {
  engine: Engine;
  site: SiteServer;
  collector: Collector;
  session: EngineSession;
  page: EnginePage;
}

const instrumentSource = readFileSync(new URL('./instrument.js', import.meta.url), 'utf8');

/**
 * One browser per worker, shared by its files (the config does not isolate them): launching
 * Firefox costs seconds, a fresh session per test keeps tests apart. It is closed when the worker
 * exits (puppeteer-core ends the browsers it launched then).
 */
let sharedEngine: Promise<Engine> | undefined;
/** The engine the summary row names, once it runs. */
let namedEngine: Engine | undefined;
/** Chromium's full browser, for the files that need a back/forward cache (see `setUpWorld`). */
let fullChromium: Promise<Engine> | undefined;

/** What `npm test`'s summary row says of this engine: its browser, and what it was found to lack. */
export const ENGINE_INFO_FILE = new URL(
  `../../test-results/engine-${ENGINE}.json`,
  import.meta.url,
);
const notes = new Set<string>();
let writtenInfo = '';

/** What another worker of this run already wrote (each worker holds its own scenarios' notes). */
function writtenInfoFile(): { browser?: string; notes?: string[] } {
  try {
    return JSON.parse(readFileSync(ENGINE_INFO_FILE, 'utf8'));
  } catch {
    return {};
  }
}

/** Writes the browser's name (once known, in this worker or another) and every note so far. */
function writeEngineInfo() {
  const written = writtenInfoFile();
  const browser = namedEngine?.version ?? written.browser;
  const all = [...new Set([...(written.notes ?? []), ...notes])].sort();
  if (!browser && !all.length) return;
  const text = JSON.stringify({ browser, notes: all });
  if (text === writtenInfo) return;
  mkdirSync(new URL('.', ENGINE_INFO_FILE), { recursive: true });
  writeFileSync(ENGINE_INFO_FILE, text);
  writtenInfo = text;
}

/**
 * Records, for the summary row, that a scenario took another branch because the engine lacks a
 * capability (e.g. "no offline emulation: …").
 */
export function note(text: string): void {
  notes.add(text);
  writeEngineInfo();
}

/**
 * The worker's engine; with `bfcache`, one with a back/forward cache: in Chromium, the full
 * browser instead of the headless shell.
 */
function sharedEngineFor(bfcache: boolean): Promise<Engine> {
  if (bfcache && ENGINE === 'chromium') {
    fullChromium ??= launchEngine(ENGINE, undefined, { bfcache }).then((engine) => {
      note(`back/forward cache: its scenarios run in the full browser, ${engine.version}`);
      return engine;
    });
    return fullChromium;
  }
  sharedEngine ??= launchEngine(
    ENGINE,
    // Each worker its own driver: VITEST_POOL_ID numbers the workers from 1.
    ENGINE === 'webkit'
      ? inject('webkitDriverPorts')[(Number(process.env.VITEST_POOL_ID) || 1) - 1]
      : undefined,
  ).then((engine) => {
    namedEngine = engine;
    return engine;
  });
  return sharedEngine;
}

/**
 * Registers the hooks that give each test of the file a fresh `World`. `bfcache`: the file's
 * scenarios need the back/forward cache (see `sharedEngineFor`).
 */
export function setUpWorld({ bfcache = false } = {}): World {
  const world = {} as World;
  beforeAll(async () => {
    world.engine = await sharedEngineFor(bfcache);
    world.site = await startSite();
  }, 120_000);
  afterAll(async () => {
    await world.site?.close();
  });
  beforeEach(async () => {
    world.site.reset();
    world.collector = await startCollector();
    world.session = await world.engine.newSession();
    world.page = world.session.page;
    // WebKit names its version with the first session.
    writeEngineInfo();
    // A WebKit session may be asked for three times, 50 s each (engines/webkit.ts).
  }, 180_000);
  afterEach(async () => {
    await world.session?.close();
    await world.collector?.close();
  }, 60_000);
  return world;
}

/** Options for a test page: the tag's attributes, a script run before it, and the body. */
export interface PageOptions {
  attrs?: ScriptAttrs;
  /** Page script run before the tracker's tag (served as a same-origin file, CSP-friendly). */
  before?: string;
  body?: string;
  /** Put on every script of the page (for nonce-only CSP). */
  nonce?: string;
  /** Response headers, e.g. a Content-Security-Policy. */
  headers?: Record<string, string>;
  /** No tracker tag at all (a page that only seeds or reads storage). */
  noTag?: boolean;
  /** Loads the tracker from this host of the site (a CDN), not the page's own. */
  from?: string;
}

/** Serves a page at `pathname` holding the harness, `before` and the tracker's tag. */
export function servePage(world: World, pathname: string, options: PageOptions = {}): void {
  const { site, collector } = world;
  const nonce = options.nonce ? ` nonce="${options.nonce}"` : '';
  site.page('/harness/instrument.js', instrumentSource);
  let head = `<script src="/harness/instrument.js"${nonce}></script>`;
  if (options.before) {
    const file = `/harness/before${pathname.replace(/\W/g, '_')}.js`;
    site.page(file, options.before);
    head += `<script src="${file}"${nonce}></script>`;
  }
  if (!options.noTag) {
    head += scriptTag(
      site,
      collector,
      { nonce: options.nonce, ...options.attrs },
      { from: options.from },
    );
  }
  site.page(pathname, html(head, options.body), { headers: options.headers });
}

/**
 * Takes the page's network down and back up. Where the driver can emulate offline, the browser
 * itself goes offline and fires `offline`/`online`. Where it cannot, the same state is reached
 * another way: the collector and the site (all a test page talks to) cut every connection as it
 * opens, so nothing reaches them and the page gets network errors, and the page is sent the
 * `offline`/`online` events the browser would fire.
 */
export function network(world: World) {
  const { engine, page, collector, site } = world;
  const fire = (type: string) =>
    page.evaluate((type: string) => void dispatchEvent(new Event(type)), type);
  if (engine.abilities.offline) {
    return { down: () => page.setOffline(true), up: () => page.setOffline(false) };
  }
  const why = hiddenCapabilities().has('offline')
    ? 'offline emulation hidden (DUB_HIDE_CAPABILITIES)'
    : 'no offline emulation in the driver';
  note(`${why}: offline is unreachable servers + offline/online events`);
  return {
    async down() {
      collector.reachable(false);
      site.reachable(false);
      await fire('offline');
    },
    async up() {
      collector.reachable(true);
      site.reachable(true);
      await fire('online');
    },
  };
}

/** Opens `url` and waits for the tracker (unless the page has none). */
export async function visit(page: EnginePage, url: string, { tracker = true } = {}) {
  await page.goto(url);
  if (tracker) await waitForTracker(page);
}

/** Polls `check` until it returns true (errors count as false: a page may be navigating). */
export async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the tag has defined `window.dubTrack` with its methods (not just the stub). */
export const waitForTracker = (page: EnginePage) =>
  until(
    () =>
      page.evaluate(
        () =>
          typeof (window as { dubTrack?: { getClickId?: unknown } }).dubTrack?.getClickId ===
          'function',
      ),
    'window.dubTrack defined (is dist/ built?)',
  );

/** The three calls a site makes. */
export type Kind = 'lead' | 'sale' | 'customer';
export type Input = Record<string, unknown>;

/** A `DubTrackError` as instrument.js copies it out of the page. */
export interface SeenError {
  name: string;
  message: string;
  kind: Kind | null;
  eventId: string | null;
  status: number | null;
  code: string | null;
  attempt: number;
  willRetry: boolean;
  /** Where the event waits for another attempt, when it does. */
  kept?: string;
  docUrl?: string | null;
  issues?: { path: string; message: string }[];
  isError: boolean;
}

export type Outcome =
  | { ok: true; result: TrackResult }
  | { ok: false; error: SeenError; sameAsWindowEvent: boolean; sameAsOnHandler: boolean }
  | { ok?: never; pending: true };

interface Seen {
  success: (TrackResult & { kind: Kind })[];
  error: SeenError[];
  retry: { kind: Kind; eventId: string; attempt: number; delayMs: number; error: SeenError }[];
}

/** The page's `window.__test` as instrument.js defines it (used inside `evaluate` only). */
interface Instrumented {
  dubTrack: Record<Kind, (input: Input) => Promise<TrackResult>> & {
    getClickId(): string | null;
    consent(granted: boolean): void;
    flush(): Promise<void>;
  };
  __test: {
    window: Seen;
    on: Seen;
    listen(): void;
    uncaught: string[];
    violations: string[];
    restored: number;
    settle(promise: Promise<TrackResult>, withinMs?: number): Promise<Outcome>;
  };
}

/** Calls `dubTrack[kind](input)` and returns how it settled. */
export const call = (page: EnginePage, kind: Kind, input: Input, withinMs = 20_000) =>
  page.evaluate(
    (kind: Kind, input: Input, withinMs: number) => {
      const w = window as unknown as Instrumented;
      return w.__test.settle(w.dubTrack[kind](input), withinMs);
    },
    kind,
    input,
    withinMs,
  ) as Promise<Outcome>;

export function resolved(outcome: Outcome): TrackResult {
  if (!outcome.ok) throw new Error(`expected the call to resolve, got ${JSON.stringify(outcome)}`);
  return outcome.result;
}

export function rejected(outcome: Outcome) {
  if (outcome.ok !== false)
    throw new Error(`expected the call to reject, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/** The `dubtrack:*` window events the page has received so far. */
export const seen = (page: EnginePage) =>
  page.evaluate(() => (window as unknown as Instrumented).__test.window);

/** Records what `dubTrack.on()` handlers receive too (`seenBoth(page).on`) from now on. */
export const listen = (page: EnginePage) =>
  page.evaluate(() => (window as unknown as Instrumented).__test.listen());

/** The `dubtrack:*` window events and what `on()` handlers received (once `listen` ran). */
export const seenBoth = (page: EnginePage) =>
  page.evaluate(() => {
    const { window: events, on } = (window as unknown as Instrumented).__test;
    return { window: events, on };
  });

/** Uncaught errors and rejections in the current document. */
export const uncaught = (page: EnginePage) =>
  page.evaluate(() => (window as unknown as Instrumented).__test.uncaught);

/**
 * CSP violations reported in the current document. Firefox and WebKit report their own favicon
 * request under `img-src`: the browser's doing, not the page's, so it is left out.
 */
export const violations = async (page: EnginePage) =>
  (await page.evaluate(() => (window as unknown as Instrumented).__test.violations)).filter(
    (violation) => !violation.endsWith('/favicon.ico'),
  );

export const EVENT_PREFIX = 'dub_track_event.v2:';

/** How many times the current document came back from the back/forward cache. */
export const restoredFromBfcache = (page: EnginePage) =>
  page.evaluate(() => (window as unknown as Instrumented).__test.restored);

/** The localStorage outbox entries. */
export const outbox = async (page: EnginePage): Promise<OutboxEntry[]> =>
  Object.entries(await page.localStorage())
    .filter(([key]) => key.startsWith(EVENT_PREFIX))
    .map(([, value]) => JSON.parse(value));

export const flush = (page: EnginePage) =>
  page.evaluate(() => (window as unknown as Instrumented).dubTrack.flush());

export const clickIdOf = (page: EnginePage) =>
  page.evaluate(() => (window as unknown as Instrumented).dubTrack.getClickId());

export const consent = (page: EnginePage, granted: boolean) =>
  page.evaluate(
    (granted: boolean) => (window as unknown as Instrumented).dubTrack.consent(granted),
    granted,
  );

/**
 * Lets the page go idle, then `ms` longer, before asserting an absence. WebKit has no
 * requestIdleCallback: a timer stands in for it there (and the name may be a page element's).
 */
export const settleDown = (page: EnginePage, ms = 300) =>
  page.evaluate(
    (ms: number) =>
      new Promise((resolve) =>
        (typeof requestIdleCallback === 'function' ? requestIdleCallback : setTimeout)(() =>
          setTimeout(resolve, ms),
        ),
      ),
    ms,
  );

/** The dist files the page fetched from the site, in order. */
export const distRequests = (site: SiteServer) =>
  site.requests.filter((request) => request.path.startsWith('/dist/')).map((r) => r.path);
