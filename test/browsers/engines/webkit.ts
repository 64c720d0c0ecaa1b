// WebKitGTK's MiniBrowser over classic W3C WebDriver (WebKitWebDriver), through WebdriverIO's
// `webdriver` package. MiniBrowser needs an X display: `startWebKitDriver` runs Xvfb for it.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import WebDriver from 'webdriver';
import { evaluationResult, evaluationSource } from './evaluate.js';
import type { BrowserCookie, Engine, EnginePage, EngineSession } from './types.js';

export const WEBKIT_DRIVER_PATH = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB_PATH = '/usr/bin/Xvfb';

/** Navigation and script limit: generous, the machine is shared. */
const TIMEOUT_MS = 30_000;

/** A running Xvfb + WebKitWebDriver pair; `stop()` ends both. */
export interface WebKitDriver {
  port: number;
  stop(): Promise<void>;
}

/** Starts Xvfb on a free display and WebKitWebDriver on a free loopback port. */
export async function startWebKitDriver(): Promise<WebKitDriver> {
  for (const file of [WEBKIT_DRIVER_PATH, MINIBROWSER_PATH, XVFB_PATH]) {
    if (!existsSync(file)) throw new Error(`${file} is missing`);
  }
  // -displayfd: Xvfb picks a free display itself and writes its number once it accepts clients.
  const xvfb = spawn(
    XVFB_PATH,
    ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    },
  );
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    xvfb.stdio[3]?.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  const port = await freePort();
  // --replace-on-new-session: a session request retried after a stalled MiniBrowser launch
  // replaces the stalled session instead of being refused.
  const driver = spawn(
    WEBKIT_DRIVER_PATH,
    [`--port=${port}`, '--host=local', '--replace-on-new-session'],
    {
      stdio: 'ignore',
      // Without accelerated compositing, a MiniBrowser launch sets up no OpenGL (a seventh of its
      // CPU time here): the scenarios look at scripts, storage and requests, not at pixels.
      env: { ...process.env, DISPLAY: display, WEBKIT_DISABLE_COMPOSITING_MODE: '1' },
    },
  );
  await waitForPort(port, driver);
  return {
    port,
    async stop() {
      await Promise.all([stopProcess(driver), stopProcess(xvfb)]);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 15_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver did not listen on ${port} within ${timeoutMs} ms`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** WebKit through a driver `startWebKitDriver` (or the runner) started on `port`. */
export async function connectWebKit(port: number): Promise<Engine> {
  const engine: Engine = {
    name: 'webkit',
    // Known once a session has started: the driver names the browser in its capabilities.
    version: 'webkit',
    // No host mapping option and no network emulation in classic WebDriver (nothing to probe).
    abilities: { hostMapping: false, offline: false, secureCookiesOnLoopback: false },
    newSession: () =>
      webkitSession(port, (version) => {
        engine.version = version;
      }),
    async close() {},
  };
  return engine;
}

/** How many times a MiniBrowser launch is asked for before the session counts as failed. */
const SESSION_ATTEMPTS = 3;

/**
 * A new WebDriver session (a MiniBrowser launch). The launch sometimes stalls on a busy machine:
 * it is given up after 50 s and asked for again (`--replace-on-new-session` lets the new request
 * replace the stalled one). Our own loop: WebdriverIO retries refused connections, not a request
 * whose answer never came (undici's UND_ERR_HEADERS_TIMEOUT).
 */
async function newSession(port: number) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await WebDriver.newSession({
        hostname: '127.0.0.1',
        port,
        path: '/',
        logLevel: 'silent',
        // Longer than the script timeout, so a slow script fails as itself and is never re-sent.
        connectionRetryTimeout: 50_000,
        connectionRetryCount: 0,
        capabilities: {
          browserName: 'MiniBrowser',
          // WebdriverIO asks for BiDi by default; WebKitGTK only speaks classic WebDriver.
          'wdio:enforceWebDriverClassic': true,
          'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
        } as WebdriverIO.Capabilities,
      });
    } catch (error) {
      if (attempt >= SESSION_ATTEMPTS) throw error;
    }
  }
}

/** One MiniBrowser per session: a fresh process has its own (ephemeral) cookies and storage. */
async function webkitSession(
  port: number,
  onVersion: (version: string) => void,
): Promise<EngineSession> {
  const client = await newSession(port);
  await client.setTimeouts(0, TIMEOUT_MS, TIMEOUT_MS);
  const { browserName, browserVersion } = client.capabilities as WebdriverIO.Capabilities;
  onVersion(`webkit ${browserName ?? ''} ${browserVersion ?? ''}`.replace(/\s+/g, ' ').trim());
  let current = await client.getWindowHandle();
  // WebDriver commands act on the session's current window: two tabs used at once (Promise.all)
  // must take turns, each switching to its own window first, or one would act on the other's.
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = queue.then(work);
    queue = turn.catch(() => undefined);
    return turn;
  };
  const pageFor = (handle: string): EnginePage => {
    const focus = async () => {
      if (current === handle) return;
      await client.switchToWindow(handle);
      current = handle;
    };
    const page: EnginePage = {
      async goto(url) {
        await focus();
        await client.navigateTo(url);
      },
      async back() {
        await focus();
        await client.back();
      },
      async reload() {
        await focus();
        await client.refresh();
      },
      async url() {
        await focus();
        return client.getUrl();
      },
      async evaluate(fn, ...args) {
        await focus();
        const script = `const done = arguments[arguments.length - 1]; ${evaluationSource(fn, args)}.then(done);`;
        return evaluationResult(await client.executeAsyncScript(script, []));
      },
      async click(selector) {
        await focus();
        const element = await client.findElement('css selector', selector);
        await client.elementClick(Object.values(element)[0] as string);
      },
      async follow(selector, how) {
        await focus();
        const press = (value: string) => [
          { type: 'keyDown', value },
          { type: 'keyUp', value },
        ];
        if (how === 'keyboard') {
          await client.executeScript('document.querySelector(arguments[0]).focus()', [selector]);
          await client.performActions([{ type: 'key', id: 'keys', actions: press('\uE007') }]);
        } else {
          // WebKitWebDriver takes no element as an action's origin: the element's centre in the
          // viewport. WebDriver's buttons: 0 left, 1 middle, 2 right; U+E009 is Control.
          const [x, y] = (await client.executeScript(
            'const r = document.querySelector(arguments[0])?.getBoundingClientRect(); if (!r) throw new Error(location.href + " has no " + arguments[0]); return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)]',
            [selector],
          )) as number[];
          const button = how === 'middle' ? 1 : how === 'context' ? 2 : 0;
          const pointer = {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              {
                type: 'pointerMove',
                origin: 'viewport',
                x,
                y,
              },
              { type: 'pointerDown', button },
              { type: 'pointerUp', button },
            ],
          };
          const keys = {
            type: 'key',
            id: 'keys',
            actions:
              how === 'modifier'
                ? [
                    { type: 'keyDown', value: '\uE009' },
                    { type: 'pause' },
                    { type: 'pause' },
                    { type: 'keyUp', value: '\uE009' },
                  ]
                : [{ type: 'pause' }, { type: 'pause' }, { type: 'pause' }, { type: 'pause' }],
          };
          await client.performActions([keys, pointer]);
        }
        await client.releaseActions();
      },
      async cookies(): Promise<BrowserCookie[]> {
        await focus();
        const cookies = (await client.getAllCookies()) as {
          name: string;
          value: string;
          domain?: string;
          path?: string;
          expiry?: number;
          sameSite?: string;
          secure?: boolean;
          httpOnly?: boolean;
        }[];
        return cookies.map((cookie) => ({
          name: cookie.name,
          value: cookie.value,
          domain: cookie.domain ?? '',
          path: cookie.path ?? '/',
          expires: cookie.expiry ?? null,
          sameSite: cookie.sameSite ?? null,
          secure: cookie.secure ?? false,
          httpOnly: cookie.httpOnly ?? false,
        }));
      },
      async localStorage() {
        await focus();
        return evaluationResult<Record<string, string>>(
          await client.executeScript('return JSON.stringify({ value: { ...localStorage } })', []),
        );
      },
      async setOffline() {
        throw new Error('WebKitWebDriver cannot take the network offline');
      },
      async close() {
        await focus();
        await client.closeWindow();
        const [next] = await client.getWindowHandles();
        if (next) {
          await client.switchToWindow(next);
          current = next;
        }
      },
    };
    // Every method, focus included, runs in turn.
    for (const [name, method] of Object.entries(page)) {
      (page as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
        inTurn(() => (method as (...a: unknown[]) => Promise<unknown>)(...args));
    }
    return page;
  };
  const first = pageFor(current);
  return {
    page: first,
    async newPage() {
      const { handle } = (await client.createWindow('tab')) as { handle: string };
      return pageFor(handle);
    },
    async clearCookies() {
      await client.deleteAllCookies();
    },
    async close() {
      await client.deleteSession().catch(() => undefined);
    },
  };
}
