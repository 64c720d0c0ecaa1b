/**
 * The name in `names` closest to `given` (case and surrounding spaces ignored), for a "did you
 * mean" hint; `undefined` when even that one differs in more than a third of its letters (two at
 * least), as a guess would then mislead. Hand-written: valibot has no suggestion helper, and an
 * edit distance over eight short names needs no dependency.
 */
export declare function closest(given: string, names: readonly string[]): string | undefined;
