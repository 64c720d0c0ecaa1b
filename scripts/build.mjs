// Builds dist/ from src/, byte for byte the same on every run (dist/ is committed and checked).
//   dist/dub-track.js                 the <script> core: config, click capture, queue, loader
//   dist/dub-track.engine.<hash>.js   the engine (valibot, outbox, ky), loaded on demand, pinned by SRI
//   dist/dub-track.debug.<hash>.js    what debug mode prints, loaded by the engine in debug mode, pinned by it
//   dist/dub-track.refusing.<hash>.js the refusing engine, loaded by the engine on a page with a setter on Object.prototype
//   dist/dub-track.gate.<hash>.js     on pages of sites with Dub's domains: loads the partner chunk where due
//   dist/dub-track.partner.<hash>.js  Dub's landing features (partner links, site visits, …), pinned by the gate
//   dist/dub-track.outbound.<hash>.js outbound links and frames carrying dub_id, pinned by the gate
//   dist/index.js + dist/chunks/      the ES module; the engine is a dynamic-import chunk
//   dist/server.js                    dub-track/server for Node and other server runtimes (no browser build has it)
//   dist/index.d.ts + dist/types/     declarations from tsc
// It also writes bench/bundle.md: what each output is made of, from esbuild's metafile.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { minify } from 'terser';

const root = new URL('..', import.meta.url).pathname;
const dist = `${root}dist`;
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

/** The floor ky sets (Object.hasOwn); nothing older is supported, so nothing is down-levelled for it. */
export const TARGET = ['chrome93', 'firefox92', 'safari15.4', 'edge93'];

/**
 * Code of ky's core/Ky.js that the engine never reaches, cut from its source as it loads: the
 * response shortcuts (`ky.post(…).json()`, `.text()`…, one method per response type put on every
 * request's promise), and the handling of options the engine gives ky as `undefined` or `''`
 * (src/delivery/send.ts: `prefixUrl`, `json`, `searchParams`, `onUploadProgress`) or never uses
 * (a `Request` as input, whose FormData body would need its content type dropped, and
 * `onDownloadProgress`), and the hooks it never sets: its only hook is beforeRetry, so the loops
 * over afterResponse, beforeError and beforeRequest hooks, and the forced retries only an
 * afterResponse hook can ask for, have nothing to run. The engine awaits the response and reads
 * its text itself. About 620 B of the engine's gzip. Each block is found by its first line and
 * ends at the closing brace of that line's indent; a ky release without one of them fails the
 * build instead of keeping or losing code silently.
 */
const KY_UNUSED = [
  'for (const [type, mimeType] of Object.entries(responseTypes)) {',
  'static #normalizeSearchParams(searchParams) {',
  "if (this.#options.prefixUrl && typeof this.#input === 'string') {",
  'if (this.#options.json !== undefined) {',
  "const userProvidedContentType = options.headers && new globalThis.Headers(options.headers).has('content-type');",
  'if (this.#input instanceof globalThis.Request',
  'if (hasSearchParameters(this.#options.searchParams)) {',
  'if (this.#options.onUploadProgress) {',
  'if (ky.#options.onDownloadProgress) {',
  'for (const hook of ky.#options.hooks.afterResponse) {',
  'for (const hook of ky.#options.hooks.beforeError) {',
  'for (const hook of this.#options.hooks.beforeRequest) {',
  'if (errorObject instanceof ForceRetryError) {',
  'if (error instanceof ForceRetryError && error.customRequest) {',
];

/** `source` without the block (or the one statement) that starts with the line `first`. */
const cutBlock = (source, first, file) => {
  const lines = source.split('\n');
  const at = lines.findIndex((line) => line.trim().startsWith(first));
  if (at < 0)
    throw new Error(`${file}: no line "${first}" to cut (see KY_UNUSED in scripts/build.mjs)`);
  const indent = lines[at].match(/^\s*/)[0];
  let end = at;
  if (!first.endsWith(';'))
    while (lines[end] !== `${indent}}`) {
      end++;
      if (end >= lines.length) throw new Error(`${file}: the block "${first}" does not end`);
    }
  lines.splice(at, end - at + 1);
  return lines.join('\n');
};

/**
 * ky's upload and download progress (its utils/body.js: progress streams and a body-size
 * estimate) goes unused: the engine never asks for progress, and gives ky `onUploadProgress` and
 * `onDownloadProgress` as its own `undefined` values (src/delivery/send.ts), so a page's
 * `Object.prototype` cannot turn them on either. In its place goes a module whose two functions
 * hand the request or response back unchanged (about 420 B of the engine's gzip). A ky release
 * that imports anything else from that file fails the build instead of losing it silently.
 */
const kyWithoutProgress = {
  name: 'ky-without-progress',
  setup(build) {
    build.onLoad({ filter: /[\\/]ky[\\/]distribution[\\/]core[\\/]Ky\.js$/ }, (args) => ({
      contents: KY_UNUSED.reduce(
        (source, first) => cutBlock(source, first, args.path),
        readFileSync(args.path, 'utf8'),
      ),
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]ky[\\/]distribution[\\/]utils[\\/]body\.js$/ }, () => ({
      contents:
        'export const streamRequest = (request) => request;\n' +
        'export const streamResponse = (response) => response;\n',
      loader: 'js',
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  target: TARGET,
  // Every browser of TARGET has \p{…} in regular expressions, but esbuild assumes none does and
  // turns such literals into `new RegExp(…)`, which it cannot drop when unused (valibot's emoji).
  supported: { 'regexp-unicode-property-escapes': true },
  legalComments: 'none',
  metafile: true,
  write: false,
  plugins: [kyWithoutProgress],
  // Inputs keep the path they are reached by, so a checkout whose node_modules is a symlink
  // (a git worktree) builds the same bytes and chunk names as any other.
  preserveSymlinks: true,
  define: {
    __VERSION__: JSON.stringify(version),
    __CLASSIC_SCRIPT__: 'false',
    __MODULE__: 'false',
  },
};

/**
 * The classic scripts go out without a "use strict" directive (bytes every page pays for): the
 * code is written strict, and TypeScript checks it as such, but nothing in it relies on strict
 * semantics. Otherwise the same settings as tsconfig.json.
 */
const classicScript = {
  compilerOptions: {
    ...JSON.parse(readFileSync(`${root}tsconfig.json`, 'utf8')).compilerOptions,
    alwaysStrict: false,
  },
};

/**
 * A second minifier over esbuild's output, for the two classic scripts only: terser's compressor
 * and its frequency-ordered names save what esbuild (built for speed) leaves, which is bytes on
 * every page (about 70 B of the core and 520 B of the engine). Its default, safe options, with
 * three passes of the compressor (one pass leaves what the first one's changes made possible:
 * 3 B of the core, 72 B of the engine, 12 B of the partner chunk; more passes change nothing),
 * and one of its "unsafe" ones that is safe for this code: `unsafe_arrows` writes a function
 * that uses no `this` or `arguments` as an arrow, wrong only for a function called with `new`
 * or read for its `prototype`, which only classes are here (about 20 B of the engine).
 */
const finish = async (code) => {
  const { code: smaller } = await minify(Buffer.from(code).toString(), {
    ecma: 2020,
    compress: { passes: 3, unsafe_arrows: true },
    mangle: true,
    // ASCII only (other characters as \u escapes): a script source with one character beyond
    // Latin-1 is kept as a two-byte string, and the browser holds it for the page's lifetime (the
    // engine's 40 kB would take 80 kB of heap for one "…").
    format: { comments: false, ascii_only: true },
  });
  return Buffer.from(smaller);
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const outputs = [];
const emit = (result) => {
  for (const file of result.outputFiles) {
    mkdirSync(file.path.slice(0, file.path.lastIndexOf('/')), { recursive: true });
    writeFileSync(file.path, file.contents);
  }
  outputs.push(result.metafile);
  return result;
};

/**
 * Names only valibot uses in the classic chunks: its internal `~`-prefixed ones (`~run`, and
 * `~standard`, the Standard Schema interface) and the parts of its schemas, actions and datasets
 * no code of ours reads. Objects with them never leave a chunk (never stored, sent or handed to
 * the page), so the chunks give them short names. One of the plain names written in any other
 * input of a chunk fails the build: it could be on an object that does leave, and mangled names
 * change from build to build (`~` names are valibot's and Standard Schema's alone).
 */
const VALIBOT_NAMES = 'typed|requirement|expects|reference|wrapped|abortEarly|abortPipeEarly';
const VALIBOT_PROPERTIES = new RegExp(`^(~.*|${VALIBOT_NAMES})$`);
/** One of those plain names as a property: `.typed`, `['typed']`, `typed:`, `{ typed }`. */
const VALIBOT_NAME = new RegExp(`[.'"\`{,]\\s*(${VALIBOT_NAMES})\\b|\\b(${VALIBOT_NAMES})\\s*[:(]`);

/**
 * The engine's own record (`Context` in src/engine/context.ts) and the hand-over's methods: their
 * names end in `_`, and the engine chunk alone gives them short names, with valibot's and those
 * of the outbox's, the store's and the leases' methods (OUTBOX_NAMES). None of these objects
 * leaves the engine (never stored, sent or handed to the core or the page); a name ending in `_`
 * outside src/engine/, or one of OUTBOX_NAMES outside src/engine/ and src/outbox/, fails the build.
 */
const OUTBOX_NAMES =
  'fresh|hold|idle|claim|holds|free|lock|sweep|list|sync|hasMemory|persist|clearMemory';
const ENGINE_PROPERTIES = new RegExp(
  `${VALIBOT_PROPERTIES.source}|^([A-Za-z]\\w*_|${OUTBOX_NAMES})$`,
);
/** A name ending in `_` as a property: `.outbox_`, `outbox_:`. */
const ENGINE_NAME = /[.]\s*[A-Za-z]\w*_\b|\b[A-Za-z]\w*_\s*:/;
/** One of OUTBOX_NAMES as a property. */
const OUTBOX_NAME = new RegExp(`[.'"\`{,]\\s*(${OUTBOX_NAMES})\\b|\\b(${OUTBOX_NAMES})\\s*[:(]`);

// 1. The chunks the core loads on demand as classic scripts, each pinned by its own hash: the
//    engine, the partner gate (every page of a site with Dub's domains) and the partner chunk it
//    loads where a page has partner work (partner links, site visits, outbound links, dubAnalytics).
// `engine`: the engine chunk, which also mangles ENGINE_PROPERTIES.
const chunk = async (entry, name, define = {}, guarded = true, engine = false) => {
  const built = await esbuild.build({
    ...common,
    entryPoints: [entry],
    format: 'iife',
    tsconfigRaw: classicScript,
    define: { ...common.define, __CLASSIC_SCRIPT__: 'true', ...define },
    // valibot's schemas and datasets: their parts get short names (about 110 B of the engine's
    // gzip). Read only inside the chunk; see VALIBOT_PROPERTIES.
    mangleProps: engine ? ENGINE_PROPERTIES : VALIBOT_PROPERTIES,
    mangleQuoted: true,
    // ky probes `new Request(…)` as it loads, and a page whose Object.prototype holds an invalid
    // RequestInit value (`cache = 0`) makes that throw: the chunk then hands the core that error
    // (a failed load) instead of throwing into the page. The partner chunks (`guarded` false) run
    // nothing as they load but the assignment of their global, and go without it (25 B each).
    ...(guarded && {
      banner: { js: 'try{' },
      // Where the chunk hands itself over (`chunkGlobal` in src/contract.ts).
      footer: { js: `}catch(e){window["dub-track.${name}"]=()=>{throw e}}` },
    }),
    outfile: `dist/${name}.js`,
  });
  for (const input of Object.keys(built.metafile.inputs)) {
    if (input.includes('node_modules/valibot/')) continue;
    // The code without its comments, as esbuild reads it.
    const { code } = await esbuild.transform(readFileSync(`${root}${input}`, 'utf8'), {
      loader: input.endsWith('.ts') ? 'ts' : 'js',
    });
    if (VALIBOT_NAME.test(code))
      throw new Error(
        `${input} uses a name of VALIBOT_PROPERTIES, which the classic chunks mangle`,
      );
    if (engine && !input.startsWith('src/engine/') && ENGINE_NAME.test(code))
      throw new Error(`${input} uses a name ending in _, which the engine chunk mangles`);
    if (engine && !/^src\/(engine|outbox)\//.test(input) && OUTBOX_NAME.test(code))
      throw new Error(`${input} uses a name of OUTBOX_NAMES, which the engine chunk mangles`);
  }
  const code = await finish(built.outputFiles[0].contents);
  // SHA-256: as strong a pin for SRI as SHA-384, and 20 characters of base64 shorter on every
  // page (25 B of the core's gzip for the engine's pin).
  const integrity = `sha256-${createHash('sha256').update(code).digest('base64')}`;
  return { name, code, integrity, meta: built.metafile };
};
// The engine pins the debug chunk (what debug mode prints), which only a page in debug mode loads.
const debug = await chunk('src/engine/debugScript.ts', 'debug');
// So does it the refusing engine, which only a page with a setter on Object.prototype loads.
const refusing = await chunk('src/defences/refusingScript.ts', 'refusing');
const engine = await chunk(
  'src/engine/script.ts',
  'engine',
  {
    __DEBUG_INTEGRITY__: JSON.stringify(debug.integrity),
    __REFUSING_INTEGRITY__: JSON.stringify(refusing.integrity),
  },
  true,
  true,
);
// The gate pins the outbound chunk too, which only pages with outbound links or frames load.
const outbound = await chunk('src/partner/outboundScript.ts', 'outbound', {}, false);
const partner = await chunk('src/partner/script.ts', 'partner', {}, false);
// The gate pins the partner chunks it loads, so the core carries one digest for all three.
const gate = await chunk(
  'src/partner/gateScript.ts',
  'gate',
  {
    __PARTNER_INTEGRITY__: JSON.stringify(partner.integrity),
    __OUTBOUND_INTEGRITY__: JSON.stringify(outbound.integrity),
  },
  false,
);
// One hash of the engine (which pins the debug and refusing chunks) and the gate (which pins the
// partner and outbound chunks) names all six files
// (`dub-track.<name>.<hash>.js`), so the core carries those 10 characters of entropy once (6 B of
// its gzip). A change to any chunk renames all, which costs a returning visitor one download of
// the others: releases change them anyway.
const chunkHash = createHash('sha256')
  .update(engine.code)
  .update(gate.code)
  .digest('hex')
  .slice(0, 10);
for (const { name, code, meta } of [engine, debug, refusing, gate, partner, outbound]) {
  const file = `dub-track.${name}.${chunkHash}.js`;
  writeFileSync(`${dist}/${file}`, code);
  meta.outputs = { [`dist/${file}`]: Object.values(meta.outputs)[0] };
  outputs.push(meta);
}

// 2. The core script that every page loads.
const core = await esbuild.build({
  ...common,
  entryPoints: ['src/script.ts'],
  format: 'iife',
  tsconfigRaw: classicScript,
  outfile: 'dist/dub-track.js',
  define: {
    ...common.define,
    __CLASSIC_SCRIPT__: 'true',
    __CHUNK_HASH__: JSON.stringify(chunkHash),
    __ENGINE_INTEGRITY__: JSON.stringify(engine.integrity),
    __GATE_INTEGRITY__: JSON.stringify(gate.integrity),
  },
});
// Chromium's explicit compile hint: nearly every function of the core runs as the page loads, so
// compiling them all up front, while the script streams in off the main thread, spares the main
// thread parsing each one again on its first call (about a fifth of the core's CPU time on a
// landing page, bench/RESULTS.md) for 23 B. Other engines read it as a comment.
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
writeFileSync(
  `${dist}/dub-track.js`,
  Buffer.concat([Buffer.from(COMPILE_HINT), await finish(core.outputFiles[0].contents)]),
);
outputs.push(core.metafile);

// 3. The ES modules, split at the dynamic imports of the engine and the partner chunk: the
//    package (index.js), its React component (react.js, React left to the app) and the script-tag
//    entry for bundlers (script.js: `import 'dub-track/script'`).
emit(
  await esbuild.build({
    ...common,
    entryPoints: ['src/index.ts', 'src/react.tsx', { in: 'src/script.ts', out: 'script' }],
    format: 'esm',
    splitting: true,
    outdir: 'dist',
    chunkNames: 'chunks/[name]-[hash]',
    external: ['react'],
    define: {
      ...common.define,
      __MODULE__: 'true',
      // Never read in a module build: the chunks are imports there.
      __CHUNK_HASH__: '""',
      __ENGINE_INTEGRITY__: '""',
      __GATE_INTEGRITY__: '""',
      __PARTNER_INTEGRITY__: '""',
      __OUTBOUND_INTEGRITY__: '""',
      __DEBUG_INTEGRITY__: '""',
      __REFUSING_INTEGRITY__: '""',
    },
  }),
);

// React Server Components take `dub-track/react` only as a client module: esbuild drops module
// directives when it bundles, so the React entry gets its "use client" back here.
writeFileSync(`${dist}/react.js`, `"use client";\n${readFileSync(`${dist}/react.js`, 'utf8')}`);

// 3b. The server entry: for server runtimes (Node 20+, Deno, Bun, Workers), kept readable and
// unminified; its packages (dub, redis, valibot) are imported, not bundled.
emit(
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/server/index.ts'],
    bundle: true,
    packages: 'external',
    platform: 'neutral',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    metafile: true,
    write: false,
    preserveSymlinks: true,
    outfile: 'dist/server.js',
  }),
);

// 4. Declarations.
execFileSync(`${root}node_modules/.bin/tsc`, ['-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
writeFileSync(`${dist}/index.d.ts`, "export * from './types/index.js';\n");
// Like `@dub/analytics/react`, the React entry types the globals its pages use (window.dubAnalytics).
writeFileSync(
  `${dist}/react.d.ts`,
  "import './types/globals.js';\nexport * from './types/react.js';\n",
);
// The script tag's globals (window.dubTrack, dubAnalytics, DubAnalytics): typed by importing the
// script entry, or by `/// <reference types="dub-track/globals" />` in a script-tag site.
writeFileSync(`${dist}/globals.d.ts`, "import './types/globals.js';\nexport {};\n");
writeFileSync(`${dist}/script.d.ts`, "import './types/globals.js';\nexport {};\n");
writeFileSync(`${dist}/server.d.ts`, "export * from './types/server/index.js';\n");

// 5. The size report.
const gz = (path) => gzipSync(readFileSync(`${root}${path}`), { level: 9 }).length;
const lines = [
  '# Bundle composition',
  '',
  "Written by `npm run build` from esbuild's metafile: each output, its size as written (the classic scripts after terser's pass) and gzip -9, and the inputs that make it up (bytes each takes in esbuild's minified output, before terser).",
  '',
];
for (const meta of outputs) {
  for (const [file, output] of Object.entries(meta.outputs)) {
    if (file.endsWith('.map')) continue;
    lines.push(
      `## ${file}`,
      '',
      `${readFileSync(`${root}${file}`).length} B minified, ${gz(file)} B gzipped`,
      '',
      '| input | bytes |',
      '|---|---:|',
    );
    const inputs = Object.entries(output.inputs).sort(
      (a, b) => b[1].bytesInOutput - a[1].bytesInOutput,
    );
    for (const [input, { bytesInOutput }] of inputs)
      if (bytesInOutput) lines.push(`| ${input} | ${bytesInOutput} |`);
    lines.push('');
  }
}
mkdirSync(`${root}bench`, { recursive: true });
writeFileSync(`${root}bench/bundle.md`, lines.join('\n'));
console.log(
  `built dist/ (core ${gz('dist/dub-track.js')} B gzipped, engine ${gz(`dist/dub-track.engine.${chunkHash}.js`)} B, gate ${gz(`dist/dub-track.gate.${chunkHash}.js`)} B, partner ${gz(`dist/dub-track.partner.${chunkHash}.js`)} B, outbound ${gz(`dist/dub-track.outbound.${chunkHash}.js`)} B gzipped)`,
);
