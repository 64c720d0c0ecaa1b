// One way to run a function in a page for every driver: the function's source and its arguments
// go in as text, the result comes back as JSON text, so `undefined`, `null` and errors read the
// same in Chromium, Firefox and WebKit whatever each protocol does with them.
import type { PageFunction } from './types.js';

/** A script expression that resolves to `JSON.stringify({ value })` or `{ error }`. */
// biome-ignore lint/suspicious/noExplicitAny: see PageFunction.
export function evaluationSource<Args extends any[], Result>(
  fn: PageFunction<Args, Result>,
  args: Args,
): string {
  return `(async () => {
  try {
    const value = await (${fn.toString()})(...${JSON.stringify(args)});
    return JSON.stringify({ value });
  } catch (error) {
    return JSON.stringify({ error: String((error && error.stack) || error) });
  }
})()`;
}

/** The result `evaluationSource` produced, or the page's error thrown in the test. */
export function evaluationResult<Result>(text: unknown): Result {
  if (typeof text !== 'string') throw new Error(`page evaluation returned ${String(text)}`);
  const parsed = JSON.parse(text) as { value?: Result; error?: string };
  if (parsed.error !== undefined) throw new Error(`in the page: ${parsed.error}`);
  return parsed.value as Result;
}
