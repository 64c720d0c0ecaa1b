// Finds the fenced code blocks of a Markdown file and decides how a reader would run each one.
// Pure functions, no I/O: the runner (scripts/docs-snippets.mjs) does the running.

/** The line that, right before a fence, says the block is a fragment and is not run. */
export const FRAGMENT_MARKER = '<!-- fragment -->';

const SHELL = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);
const TEXT = new Set(['', 'text', 'txt', 'plain', 'output', 'log']);
const SCRIPT = new Set(['js', 'javascript', 'mjs', 'ts', 'typescript', 'jsx', 'tsx']);

/**
 * Every fenced block (``` or ~~~, any length, indented or not) with its language, its 1-based
 * line, and whether the last non-blank line before it is the fragment marker.
 * @returns {{file: string, line: number, lang: string, code: string, fragment: boolean}[]}
 */
export function extractBlocks(markdown, file = '') {
  const lines = markdown.split(/\r?\n/);
  const blocks = [];
  let open = null;
  let previous = '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (open) {
      const close = line.match(/^\s*(`{3,}|~{3,})\s*$/);
      if (close && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
        blocks.push({ ...open.block, code: open.body.join('\n') });
        open = null;
        previous = '';
      } else {
        open.body.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
      }
      continue;
    }
    const fence = line.match(/^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/);
    if (fence) {
      open = {
        fence: fence[2],
        indent: fence[1].length,
        body: [],
        block: {
          file,
          line: i + 1,
          lang: fence[3].toLowerCase(),
          fragment: previous.trim() === FRAGMENT_MARKER,
        },
      };
      continue;
    }
    if (line.trim() !== '') previous = line;
  }
  if (open) blocks.push({ ...open.block, code: open.body.join('\n'), unclosed: true });
  return blocks;
}

/**
 * How a reader runs the block:
 * - `fragment`, `shell`, `text`: not run (shell commands start servers and install things;
 *   output and plain text are shown, not run);
 * - `json`: parsed;
 * - `page`: an HTML page, opened in the browser;
 * - `node`: a Node program (it imports Node or server modules, or reads `process`);
 * - `react`: a JSX/TSX module, bundled and rendered in a page;
 * - `browser-module`: an ES module (it imports or exports), bundled and run in a page;
 * - `browser-script`: a classic page script, run in a page that has the script tag;
 * - `unknown`: a language nothing here runs (a failure: mark it as a fragment).
 */
export function classify(block) {
  if (block.fragment) return 'fragment';
  const { lang, code } = block;
  if (SHELL.has(lang)) return 'shell';
  if (TEXT.has(lang)) return 'text';
  if (lang === 'json') return 'json';
  if (lang === 'html') return 'page';
  if (!SCRIPT.has(lang)) return 'unknown';
  const importsNode =
    /\bfrom\s+['"](node:[^'"]+|dub-track\/server|http|https|fs|path|express|hono)['"]/.test(code) ||
    /\brequire\(/.test(code);
  if (importsNode) return 'node';
  // A component reads its public settings from process.env; everything else that does is Node.
  if (lang === 'jsx' || lang === 'tsx') return 'react';
  if (/\bprocess\.(env|argv|exit)\b/.test(code)) return 'node';
  if (/^\s*(import|export)\s/m.test(code)) return 'browser-module';
  return 'browser-script';
}

/** The kinds that are run (the others are listed, not counted). */
export const RUN_KINDS = new Set([
  'json',
  'page',
  'node',
  'react',
  'browser-module',
  'browser-script',
  'unknown',
]);

/** Whether the block makes a conversion, so that one must reach the stand-in and be accepted. */
export function sendsConversion(code) {
  return conversionCalls(code) > 0;
}

/** How many places in the block call lead/sale/customer (each runs once in the page). */
export function conversionCalls(code) {
  return code.match(/\.(lead|sale|customer|trackLead|trackSale)\s*\(/g)?.length ?? 0;
}

/**
 * What a reader fills in before running a block: the documents write placeholders such as
 * `dub_pk_…` for the publishable key and `dub_…` for the secret key.
 */
export function fillPlaceholders(code, { publishableKey, secretKey }) {
  return code
    .replace(/dub_pk_(…|\.\.\.|xxx+)/g, publishableKey)
    .replace(/(['"`])dub_(…|\.\.\.|xxx+)\1/g, `$1${secretKey}$1`)
    .replace(/DUB_API_KEY=dub_(…|\.\.\.|xxx+)/g, `DUB_API_KEY=${secretKey}`);
}
