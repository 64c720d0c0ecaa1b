// The engine-neutral page API every scenario is written against. Each engine file (puppeteer.ts,
// webkit.ts) maps it onto its driver; what an engine cannot do is a `false` in `EngineAbilities`.

/** The engines the neutral suite runs in. */
export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** A cookie as the browser holds it, the same shape from every driver. */
export interface BrowserCookie {
  name: string;
  value: string;
  /** `.shop.test` for a Domain cookie, `www.shop.test` for a host-only one. */
  domain: string;
  path: string;
  /** Seconds since the epoch; `null` for a session cookie (or when the driver does not say). */
  expires: number | null;
  sameSite: string | null;
  /** Sent over secure connections only. */
  secure: boolean;
  httpOnly: boolean;
}

/**
 * What an engine can do here. `hostMapping` is known before it starts (scenarios that need it are
 * only defined where it holds); `offline` is asked of the running driver, never read off a version.
 */
export interface EngineAbilities {
  /** Fake host names (`www.shop.test`) resolve to 127.0.0.1: Domain cookies across subdomains. */
  hostMapping: boolean;
  /** The driver can switch the network off and on (and the page sees `offline`/`online`). */
  offline: boolean;
  /** A page on http://127.0.0.1 may write a `Secure` cookie (loopback counts as a secure origin). */
  secureCookiesOnLoopback: boolean;
}

/** Capabilities a probe can report missing on purpose. */
export type HideableCapability = 'offline';

/**
 * Test-only switch: `DUB_HIDE_CAPABILITIES=offline` makes the capability probe answer "no", so
 * the branch for an engine without it runs where the engine has it too.
 */
export function hiddenCapabilities(): Set<HideableCapability> {
  const names = (process.env.DUB_HIDE_CAPABILITIES ?? '').split(',').map((name) => name.trim());
  for (const name of names) {
    if (name && name !== 'offline') {
      throw new Error(`DUB_HIDE_CAPABILITIES: ${name} is not one of: offline`);
    }
  }
  return new Set(names.filter(Boolean) as HideableCapability[]);
}

/** A function run in the page: its source is sent, so it may use nothing from the test's scope. */
// biome-ignore lint/suspicious/noExplicitAny: arguments are serialised to the page as JSON.
export type PageFunction<Args extends any[], Result> = (...args: Args) => Result | Promise<Result>;

/** The ways of following a link besides a plain click (see `EnginePage.follow`). */
export type FollowWay = 'middle' | 'modifier' | 'keyboard' | 'context';

/** One tab. Every method waits for the engine to have done it. */
export interface EnginePage {
  /** Loads `url` and waits for its `load` event. */
  goto(url: string): Promise<void>;
  /** Goes back one history entry (the back button) and waits for the page to show. */
  back(): Promise<void>;
  /** Reloads and waits for `load`. */
  reload(): Promise<void>;
  /** The page's current URL. */
  url(): Promise<string>;
  /** Runs `fn(...args)` in the page and returns its (awaited) JSON-serialisable result. */
  // biome-ignore lint/suspicious/noExplicitAny: see PageFunction.
  evaluate<Args extends any[], Result>(
    fn: PageFunction<Args, Result>,
    ...args: Args
  ): Promise<Result>;
  /** Clicks the first element matching `selector`, as a user would (a trusted click). */
  click(selector: string): Promise<void>;
  /**
   * Acts on the first element matching `selector` the way a user follows a link other than by a
   * plain click (all trusted input): `middle` button, `modifier` (Ctrl+click), `keyboard` (focus,
   * then Enter), `context` (right button: the context menu opens).
   */
  follow(selector: string, how: FollowWay): Promise<void>;
  /** Cookies the browser would send to the page's URL. */
  cookies(): Promise<BrowserCookie[]>;
  /** The page's localStorage as a plain object. */
  localStorage(): Promise<Record<string, string>>;
  /** Cuts (`true`) or restores the network; throws where `abilities.offline` is false. */
  setOffline(offline: boolean): Promise<void>;
  /** Closes the tab (its `pagehide` runs). */
  close(): Promise<void>;
}

/** One isolated visitor: own cookies and storage, one or more tabs. */
export interface EngineSession {
  /** The first tab, opened with the session. */
  page: EnginePage;
  /** Opens another tab in the same session (same cookies and storage). */
  newPage(): Promise<EnginePage>;
  /** Removes every cookie of the session. */
  clearCookies(): Promise<void>;
  close(): Promise<void>;
}

/** A running browser: makes isolated sessions, one per test. */
export interface Engine {
  name: EngineName;
  /** The browser's name and version as it reports them, e.g. `firefox 140.12.0`. */
  version: string;
  abilities: EngineAbilities;
  newSession(): Promise<EngineSession>;
  close(): Promise<void>;
}

/** Host names every engine with `hostMapping` resolves to 127.0.0.1. */
export const MAPPED_HOSTS = ['www.shop.test', 'app.shop.test', 'eu.shop.test', 'cdn.shop.test'];
