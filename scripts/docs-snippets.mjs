// The docs-snippet suite: every fenced code block of README.md and docs/**/*.md is run as a
// reader would paste it, and a block that cannot run as written fails.
//   node scripts/docs-snippets.mjs [file.md …]     (default: README.md and docs/**/*.md)
// - html: a page in Chromium's headless shell (Debian's chromium-headless-shell), served from 127.0.0.1 with
//   dist/; the script's CDN URLs (unpkg, jsDelivr) are answered from dist/, Dub's API
//   (api.dub.co) by the local Dub stand-in; the demo runs for real on free ports, which replace
//   its usual localhost:8787 (and 8788, the stand-in's). Every button is pressed once, in order.
// - js/ts in a page: a classic script in a page that has the script tag; ES modules and JSX are
//   bundled with esbuild (React components are rendered, inside <DubTrack> unless they render it).
// - js/ts for Node (imports node: or dub-track/server, reads process): run with node, Dub's API
//   answered by the stand-in; a server it starts gets a free port and one lead.
// A block fails on an uncaught error, a rejected promise nobody handled, a console error, an
// exit code, or, when it calls lead/sale, when no conversion reached the stand-in or one was
// refused. A block right after the line `<!-- fragment -->` is not run; shell and text blocks
// are listed, not run. Placeholders are filled as a reader would (`dub_pk_…` → a key the
// stand-in knows). Before the docs, the broken blocks of scripts/docs-snippets/canaries.md are
// run: each must fail, which proves that the suite can.
// Results: test-results/docs-snippets.json ({passed, failed, notRun, results}); exit code 1 on failure.
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_SHELL_PATH } from '../test/fixtures/chromium.mjs';
import {
  classify,
  conversionCalls,
  extractBlocks,
  fillPlaceholders,
  RUN_KINDS,
  sendsConversion,
} from './docs-snippets/extract.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const distDir = path.join(root, 'dist');
const workDir = path.join(root, '.tmp', 'docs-snippets');
const resultsFile = path.join(root, 'test-results', 'docs-snippets.json');
const canaryFile = path.join(root, 'scripts', 'docs-snippets', 'canaries.md');
const PUBLISHABLE_KEY = 'dub_pk_standin';
const SECRET_KEY = 'dub_docs_snippet_secret';
/**
 * How long one block may take before it counts as failed (a bound on a stuck block, not a
 * measurement): npm test runs this suite beside the browser lanes, where an Express server that
 * imports the dub SDK once took over 30 s to listen (load average 38 on two cores).
 */
const BLOCK_LIMIT_MS = 90_000;

/** The Dub stand-in the tests use. */
const importStandin = () => import('../test/fixtures/dub-standin.mjs');

/** README.md and every Markdown file under docs/, in a stable order. */
function docsFiles() {
  const files = [path.join(root, 'README.md')];
  const docs = path.join(root, 'docs');
  if (existsSync(docs)) {
    for (const name of readdirSync(docs, { recursive: true }).map(String).sort()) {
      if (name.endsWith('.md')) files.push(path.join(docs, name));
    }
  }
  return files.filter((file) => existsSync(file));
}

// ---- The page's server: the snippet's page, dist/ under any folder, nothing else ----------

function startSite() {
  const site = { html: '', module: '' };
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url, 'http://site').pathname;
    if (pathname === '/' || pathname.endsWith('.html')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(site.html);
    }
    if (pathname === '/__snippet.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      return res.end(site.module);
    }
    const file = distFile(pathname);
    if (file) {
      res.writeHead(200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Access-Control-Allow-Origin': '*',
      });
      return res.end(readFileSync(file));
    }
    res.writeHead(pathname === '/favicon.ico' ? 204 : 404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      site.url = `http://127.0.0.1:${server.address().port}`;
      site.close = () => new Promise((done) => server.close(done));
      resolve(site);
    }),
  );
}

/** `…/dist/chunks/x.js` or `…/dub-track.js` → the file of dist/ it names, if any. */
function distFile(pathname) {
  const inDist = pathname.match(/\/dist\/(.+)$/)?.[1] ?? path.posix.basename(pathname);
  const file = path.resolve(distDir, inDist);
  return file.startsWith(distDir + path.sep) && existsSync(file) && file.endsWith('.js')
    ? file
    : null;
}

/**
 * Where the URLs of the docs lead: dist/ for the script's CDNs, the stand-in for Dub's API.
 */
function routeFor(url, { standinUrl }) {
  const { hostname, port, protocol, pathname, search } = new URL(url);
  if (hostname === '127.0.0.1') return { pass: true };
  if (hostname === 'api.dub.co' || (hostname === 'localhost' && port === '8788'))
    return { forward: standinUrl + pathname + search };
  // The demo's ports were written into the page as the free ports they run on (see runBlock), and
  // are reached for real: a route would answer CORS checks that the demo itself must pass.
  if (hostname === 'localhost' && port !== '8787' && port !== '8788') return { pass: true };
  if (hostname === 'unpkg.com' || hostname === 'cdn.jsdelivr.net') {
    const file = /\/dub-track(@[^/]+)?\/dist\//.test(pathname) ? distFile(pathname) : null;
    return { file };
  }
  return { block: `${protocol}//${hostname}${port ? `:${port}` : ''}` };
}

/** The demo (`npm start`'s server) on free ports, as a reader runs it; resolves once it listens. */
async function startDemo() {
  const free = () =>
    new Promise((resolve) => {
      const probe = http.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address();
        probe.close(() => resolve(port));
      });
    });
  const [port, dubPort] = [await free(), await free()];
  const child = fork(path.join(root, 'examples', 'server.mjs'), [], {
    env: { ...process.env, PORT: String(port), DUB_PORT: String(dubPort) },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the demo (examples/server.mjs) exited (${code})`)),
    );
    child.stdout.on('data', (chunk) => {
      if (String(chunk).includes('dub-track demo:')) resolve();
    });
  });
  child.stdout.resume();
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

// ---- Running one block --------------------------------------------------------------------

/** A page around a classic script: the script tag, the elements snippets refer to, the code. */
function scriptPage(code, standinUrl) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>snippet</title>
<script src="/dist/dub-track.js" data-api-host="${standinUrl}" data-publishable-key="${PUBLISHABLE_KEY}"></script>
</head><body>${FIXTURE_ELEMENTS}<script>\n${code}\n</script></body></html>`;
}

/** What the page of a snippet has, as a reader's page would: a root, buttons, a sign-up form. */
const FIXTURE_ELEMENTS =
  '<div id="root"></div><button id="signup" type="button">Sign up</button>' +
  '<button id="buy" type="button">Buy</button>';

function modulePage(standinUrl) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>snippet</title>
<script type="application/json" data-api-host="${standinUrl}" data-publishable-key="${PUBLISHABLE_KEY}"></script>
</head><body>${FIXTURE_ELEMENTS}<script type="module" src="/__snippet.js"></script></body></html>`;
}

/** Bundles a browser module (and, for a React block, the code that renders it) with esbuild. */
async function bundle(block, code, kind, index) {
  mkdirSync(workDir, { recursive: true });
  const ext = block.lang === 'mjs' ? 'js' : block.lang;
  const snippet = path.join(workDir, `block-${index}.${ext}`);
  writeFileSync(snippet, code);
  let entry = snippet;
  if (kind === 'react') {
    entry = path.join(workDir, `render-${index}.jsx`);
    const wrapsItself = /<DubTrack\b/.test(code);
    const isLayout = /\bchildren\b/.test(code) && /<html\b/.test(code);
    writeFileSync(
      entry,
      `import * as snippet from './${path.basename(snippet)}';
import { DubTrack } from 'dub-track/react';
import { createRoot } from 'react-dom/client';
const Component = snippet.default;
if (typeof Component === 'function') {
  ${
    isLayout
      ? `createRoot(document).render(<Component><button id="buy" type="button">Buy</button></Component>);`
      : `createRoot(document.getElementById('root')).render(<>${
          wrapsItself
            ? ''
            : `<DubTrack apiHost="${'%STANDIN%'}" publishableKey="${PUBLISHABLE_KEY}" />`
        }<Component /></>);`
  }
}
`,
    );
  }
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    jsx: 'automatic',
    logLevel: 'silent',
    // The snippet lies inside this package, whose package.json says its files have no side
    // effects: a snippet that only renders would be dropped.
    ignoreAnnotations: true,
    // The settings a reader keeps in .env files (Next.js, Vite), filled as the placeholders are.
    define: {
      'process.env.NODE_ENV': '"development"',
      'process.env.NEXT_PUBLIC_DUB_PUBLISHABLE_KEY': JSON.stringify(PUBLISHABLE_KEY),
      'import.meta.env.VITE_DUB_PUBLISHABLE_KEY': JSON.stringify(PUBLISHABLE_KEY),
    },
  });
  return result.outputFiles[0].text;
}

async function runInPage(block, code, kind, index, env) {
  const { browser, site, standin } = env;
  site.module = '';
  if (kind === 'page') site.html = code;
  else if (kind === 'browser-script') site.html = scriptPage(code, standin.url);
  else {
    site.html = modulePage(standin.url);
    site.module = (await bundle(block, code, kind, index)).replaceAll('%STANDIN%', standin.url);
  }
  const problems = [];
  const context = await browser.newContext();
  try {
    // Every call settles as a `dubtrack:success` or `dubtrack:error` event on window.
    await context.addInitScript(() => {
      window.__settled = 0;
      for (const type of ['dubtrack:success', 'dubtrack:error'])
        addEventListener(type, () => {
          window.__settled += 1;
        });
    });
    await context.route('**/*', async (route) => {
      const target = routeFor(route.request().url(), { standinUrl: standin.url });
      if (target.pass) return route.continue();
      if (target.forward) {
        // The context may close while an answer is on its way: that request no longer matters.
        const response = await route.fetch({ url: target.forward }).catch(() => null);
        return response
          ? route.fulfill({ response }).catch(() => {})
          : route.abort().catch(() => {});
      }
      if (target.file) {
        return route.fulfill({
          status: 200,
          contentType: 'text/javascript; charset=utf-8',
          headers: { 'Access-Control-Allow-Origin': '*' },
          body: readFileSync(target.file),
        });
      }
      if (!target.block) problems.push(`nothing in dist/ answers ${route.request().url()}`);
      else problems.push(`the page asked ${target.block}, which the test cannot reach`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message.split('\n')[0]}`));
    page.on('console', (message) => {
      if (process.env.DOCS_DEBUG) console.log('    [console]', message.type(), message.text());
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    let loadsScript = false;
    page.on('request', (request) => {
      if (/\/dub-track\.js(\?|$)/.test(request.url())) loadsScript = true;
    });
    const clickId = `docs_click_${index}`;
    await page.goto(`${site.url}/?dub_id=${clickId}`);
    await page.waitForLoadState('networkidle');
    // A page with the script tag has captured the click of the short link it was opened by.
    if (loadsScript) {
      const captured = await page
        .waitForFunction(() => window.dubTrack?.getClickId?.(), null, { timeout: 10_000 })
        .then((handle) => handle.jsonValue())
        .catch(() => null);
      if (captured !== clickId)
        problems.push(`the script did not capture ?dub_id=${clickId} (getClickId: ${captured})`);
    }
    for (const button of await page.locator('button').all()) {
      if (process.env.DOCS_DEBUG)
        console.log('    [button]', await button.evaluate((b) => `${b.outerHTML} ${b.disabled}`));
      if (await button.isVisible()) await button.click();
    }
    // Each call site ran once (each button is pressed once): wait until as many calls settled.
    const calls = conversionCalls(code);
    if (calls > 0) {
      await page
        .waitForFunction((count) => window.__settled >= count, calls, { timeout: 15_000 })
        .catch(async () => {
          const settled = await page.evaluate(() => window.__settled).catch(() => '?');
          problems.push(`${settled} of its ${calls} call(s) settled within 15 s`);
        });
    }
    await page.waitForLoadState('networkidle');
  } finally {
    await context.close();
  }
  return problems;
}

function runInNode(block, code, index, env) {
  mkdirSync(workDir, { recursive: true });
  const file = path.join(workDir, `node-${index}.mjs`);
  const problems = [];
  return esbuild
    .transform(code, { loader: block.lang.startsWith('ts') ? 'ts' : 'js', format: 'esm' })
    .then(
      ({ code: js }) =>
        new Promise((resolve) => {
          writeFileSync(file, js);
          const child = fork(file, [], {
            cwd: workDir,
            execArgv: [
              '--import',
              pathToFileURL(path.join(root, 'scripts/docs-snippets/node-preload.mjs')).href,
            ],
            env: {
              ...process.env,
              DUB_API_KEY: SECRET_KEY,
              DOCS_SNIPPET_STANDIN: env.standin.url,
              PORT: '0',
            },
            stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
          });
          let stderr = '';
          child.stderr.on('data', (chunk) => {
            stderr += chunk;
          });
          child.stdout.resume();
          const timer = setTimeout(() => {
            problems.push(`still running after ${BLOCK_LIMIT_MS / 1000} s without listening`);
            child.kill();
          }, BLOCK_LIMIT_MS);
          child.on('message', async (message) => {
            if (!message?.listening) return;
            // A server: it must answer, and stay up after one lead.
            const origin = `http://127.0.0.1:${message.listening}`;
            try {
              await fetch(`${origin}/track/lead/client`, {
                method: 'POST',
                headers: {
                  'Content-Type': 'application/json',
                  Origin: origin,
                  'Sec-Fetch-Site': 'same-origin',
                },
                body: JSON.stringify({
                  clickId: `docs_click_${index}`,
                  eventName: 'Sign up',
                  customerExternalId: `docs_user_${index}`,
                }),
              });
            } catch (error) {
              problems.push(`the server did not answer: ${error.cause?.message ?? error.message}`);
            }
            if (child.exitCode !== null) problems.push('the server stopped after one request');
            child.kill();
          });
          child.on('exit', (status, signal) => {
            clearTimeout(timer);
            if (status && signal === null) {
              const lines = stderr.trim().split('\n');
              const why = lines.find((l) => /Error|error:/.test(l)) ?? lines.at(-1);
              problems.push(`exit code ${status}: ${why}`);
            }
            resolve(problems);
          });
        }),
    )
    .catch((error) => [`does not parse: ${error.message.split('\n')[0]}`]);
}

/** Runs one block; returns the reasons it failed (none: it passed). */
async function runBlock(block, index, env) {
  const kind = classify(block);
  // The demo (`npm start`) runs on free ports here, not on the 8787 and 8788 readers get: the
  // page is given those, as a reader with PORT and DUB_PORT set would write them.
  const code = fillPlaceholders(block.code, {
    publishableKey: PUBLISHABLE_KEY,
    secretKey: SECRET_KEY,
  })
    .replaceAll('http://localhost:8787', `http://localhost:${new URL(env.demo.url).port}`)
    .replaceAll('http://localhost:8788', `http://localhost:${new URL(env.standin.url).port}`);
  if (block.unclosed) return ['the code fence is never closed'];
  if (kind === 'unknown')
    return [`nothing runs a \`${block.lang}\` block: mark it <!-- fragment --> if it is one`];
  if (kind === 'json') {
    try {
      JSON.parse(code);
      return [];
    } catch (error) {
      return [`not JSON: ${error.message}`];
    }
  }
  const before = env.standin.tracked().length;
  let problems;
  try {
    problems = await Promise.race([
      kind === 'node'
        ? runInNode(block, code, index, env)
        : runInPage(block, code, kind, index, env),
      new Promise((resolve) =>
        setTimeout(() => resolve([`took over ${BLOCK_LIMIT_MS / 1000} s`]), BLOCK_LIMIT_MS + 5000),
      ),
    ]);
  } catch (error) {
    problems = [`${error.message.split('\n')[0]}`];
  }
  if (kind !== 'node' && sendsConversion(code)) {
    const conversions = env.standin
      .tracked()
      .slice(before)
      .filter((record) => /^\/track\/(lead|sale)/.test(record.path));
    if (conversions.length === 0) problems.push('it calls lead/sale, but nothing reached Dub');
    for (const record of conversions) {
      const status = typeof record.answer === 'object' ? record.answer?.status : record.status;
      if (status && status >= 300) problems.push(`Dub answered ${record.path} with ${status}`);
    }
  }
  return problems;
}

// ---- The suite ----------------------------------------------------------------------------

async function main() {
  const files = process.argv.slice(2).length
    ? process.argv.slice(2).map((file) => path.resolve(file))
    : docsFiles();
  const { startDubStandin } = await importStandin();
  const standin = await startDubStandin({
    keys: { [PUBLISHABLE_KEY]: [] },
    secretKeys: [SECRET_KEY],
  });
  const site = await startSite();
  const demo = await startDemo();
  // The shell as in the neutral scenarios (test/fixtures/chromium.mjs, engines/puppeteer.ts).
  const browser = await chromium.launch({
    executablePath: CHROMIUM_SHELL_PATH,
    args: [...CHROMIUM_ARGS, '--disable-features=RenderDocument'],
  });
  const env = { browser, site, standin, demo };
  const results = [];
  let index = 0;
  rmSync(workDir, { recursive: true, force: true });

  const run = async (file, { canary }) => {
    const relative = path.relative(root, file);
    for (const block of extractBlocks(readFileSync(file, 'utf8'), relative)) {
      index += 1;
      const kind = classify(block);
      const where = `${relative}:${block.line}`;
      if (!RUN_KINDS.has(kind)) {
        results.push({ where, kind, ran: false });
        console.log(`  –  ${where}  (${kind}, not run)`);
        continue;
      }
      const problems = await runBlock(block, index, env);
      // A canary is a broken block: it passes the suite by failing.
      const passed = canary ? problems.length > 0 : problems.length === 0;
      results.push({ where, kind, ran: true, canary, passed, problems });
      const mark = passed ? '✓' : '✘';
      const label = canary
        ? `broken on purpose, ${problems.length ? 'refused' : 'NOT refused'}`
        : kind;
      console.log(`  ${mark}  ${where}  (${label})`);
      for (const problem of problems) console.log(`       ${canary ? '·' : '→'} ${problem}`);
    }
  };

  try {
    console.log('Broken snippets (each must fail):');
    await run(canaryFile, { canary: true });
    console.log('Snippets of the docs:');
    for (const file of files) await run(file, { canary: false });
  } finally {
    await browser.close();
    await site.close();
    await standin.close();
    demo.stop();
  }

  const ran = results.filter((result) => result.ran);
  const summary = {
    passed: ran.filter((result) => result.passed).length,
    failed: ran.filter((result) => !result.passed).length,
    snippets: ran.filter((result) => !result.canary).length,
    canaries: ran.filter((result) => result.canary).length,
    notRun: results.filter((result) => !result.ran).length,
    results,
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(summary, null, 2));
  console.log(
    `${summary.passed} passed, ${summary.failed} failed (${summary.snippets} snippets, ${summary.canaries} broken on purpose; ${summary.notRun} not run: fragments, shell, text)`,
  );
  process.exitCode = summary.failed ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
