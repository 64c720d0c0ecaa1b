// Builds dist/ from src/, byte for byte the same on every run (dist/ is committed and checked).
//   dist/dub-track.js                 the <script> core: config, click capture, queue, loader
//   dist/dub-track.engine.<hash>.js   the engine (valibot, outbox, ky), loaded on demand, pinned by SRI
//   dist/index.js + dist/chunks/      the ES module; the engine is a dynamic-import chunk
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
  // Inputs keep the path they are reached by, so a checkout whose node_modules is a symlink
  // (a git worktree) builds the same bytes and chunk names as any other.
  preserveSymlinks: true,
  define: { __VERSION__: JSON.stringify(version), __CLASSIC_SCRIPT__: 'false' },
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
 * every page (about 70 B of the core and 520 B of the engine). Its default, safe options.
 */
const finish = async (code) => {
  const { code: smaller } = await minify(Buffer.from(code).toString(), {
    ecma: 2020,
    compress: true,
    mangle: true,
    format: { comments: false },
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

// 1. The engine as a classic script, named and pinned by its own hash.
const engine = await esbuild.build({
  ...common,
  entryPoints: ['src/engine/script.ts'],
  format: 'iife',
  tsconfigRaw: classicScript,
  define: { ...common.define, __CLASSIC_SCRIPT__: 'true' },
  // ky probes `new Request(…)` as it loads, and a page whose Object.prototype holds an invalid
  // RequestInit value (`cache = 0`) makes that throw: the engine then hands the core that error
  // (a failed load, a NetworkError) instead of throwing into the page.
  banner: { js: 'try{' },
  footer: { js: '}catch(e){window.dubTrackEngine=()=>{throw e}}' },
  outfile: 'dist/engine.js',
});
const engineCode = await finish(engine.outputFiles[0].contents);
const hash = createHash('sha384').update(engineCode);
const integrity = `sha384-${hash.copy().digest('base64')}`;
const engineFile = `dub-track.engine.${hash.digest('hex').slice(0, 10)}.js`;
writeFileSync(`${dist}/${engineFile}`, engineCode);
const engineMeta = engine.metafile;
engineMeta.outputs = { [`dist/${engineFile}`]: Object.values(engineMeta.outputs)[0] };
outputs.push(engineMeta);

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
    __ENGINE_FILE__: JSON.stringify(engineFile),
    __ENGINE_INTEGRITY__: JSON.stringify(integrity),
  },
});
writeFileSync(`${dist}/dub-track.js`, await finish(core.outputFiles[0].contents));
outputs.push(core.metafile);

// 3. The ES module, split at the dynamic import of the engine.
emit(
  await esbuild.build({
    ...common,
    entryPoints: ['src/index.ts'],
    format: 'esm',
    splitting: true,
    outdir: 'dist',
    chunkNames: 'chunks/[name]-[hash]',
  }),
);

// 4. Declarations.
execFileSync(`${root}node_modules/.bin/tsc`, ['-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
writeFileSync(`${dist}/index.d.ts`, "export * from './types/index.js';\n");

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
  `built dist/ (core ${gz('dist/dub-track.js')} B gzipped, engine ${gz(`dist/${engineFile}`)} B gzipped)`,
);
