/** Single-letter insertions, deletions and substitutions that turn `a` into `b` (Levenshtein). */
const distance = (a: string, b: string) => {
  // One row of the table at a time.
  let row = [...Array(b.length + 1).keys()];
  for (const [i, x] of [...a].entries()) {
    const above = row;
    row = [i + 1];
    for (const [j, y] of [...b].entries())
      row.push(Math.min(above[j + 1] + 1, row[j] + 1, above[j] + +(x !== y)));
  }
  return row[b.length];
};

/**
 * The name in `names` closest to `given` (case and surrounding spaces ignored), for a "did you
 * mean" hint; `undefined` when even that one differs in more than a third of its letters (two at
 * least), as a guess would then mislead. Hand-written: valibot has no suggestion helper, and an
 * edit distance over eight short names needs no dependency.
 */
export function closest(given: string, names: readonly string[]): string | undefined {
  const a = given.trim().toLowerCase();
  const best = names.reduce((best, name) => (distance(a, name) < distance(a, best) ? name : best));
  return distance(a, best) <= Math.max(2, best.length / 3) ? best : undefined;
}
