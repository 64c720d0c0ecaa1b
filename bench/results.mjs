// Writes one `## Section` of bench/RESULTS.md, keeping the sections other benchmarks wrote.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const file = new URL('./RESULTS.md', import.meta.url);
const HEADER =
  '# Benchmarks\n\nWritten by the scripts in `bench/` (`npm run bench`); each section says how it was measured.\n';

export function writeSection(title, body) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const sections = text.split(/^(?=## )/m);
  const head = sections[0].startsWith('## ') ? HEADER : sections[0];
  const kept = sections.filter(
    (section) => section.startsWith('## ') && !section.startsWith(`## ${title}\n`),
  );
  const all = [...kept, `## ${title}\n\n${body.trim()}\n\n`].sort();
  writeFileSync(file, `${head.trimEnd()}\n\n${all.join('').trimEnd()}\n`);
}

/** A markdown table from a header row and data rows. */
export const table = (header, rows) =>
  [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');

/** Removes a `## Section` that no benchmark writes any more. */
export function removeSection(title) {
  if (!existsSync(file)) return;
  const sections = readFileSync(file, 'utf8').split(/^(?=## )/m);
  const kept = sections.filter((section) => !section.startsWith(`## ${title}\n`));
  writeFileSync(file, `${kept.join('').trimEnd()}\n`);
}
