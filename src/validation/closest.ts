/**
 * The name in `names` closest to `given` (fewest single-letter edits, case and surrounding spaces
 * ignored), for a "did you mean" hint; `undefined` when even that one differs in more than a
 * third of its letters (two at least), as a guess would then mislead. Hand-written: valibot has no suggestion helper, and a ten-line edit
 * distance over eight short names is cheaper than a dependency.
 */
export function closest(given: string, names: readonly string[]): string | undefined {
  const a = given.trim().toLowerCase();
  const distance = (b: string) => {
    // One row of the Levenshtein table at a time.
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++)
        next[j] = Math.min(
          row[j] + 1,
          next[j - 1] + 1,
          row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
      row = next;
    }
    return row[b.length];
  };
  const best = names.reduce((best, name) => (distance(name) < distance(best) ? name : best));
  return distance(best) <= Math.max(2, best.length / 3) ? best : undefined;
}
