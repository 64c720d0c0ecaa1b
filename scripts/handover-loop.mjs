// Runs the hand-over scenarios (test/browsers/handover.test.ts) many times per engine, outside
// the suite (which runs each once), and prints how many runs passed and when the lead arrived.
// Usage: node scripts/handover-loop.mjs [--runs 20] [--engine chromium --engine firefox ...]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, engine: { type: 'string', multiple: true } },
});
const engines = values.engine ?? ['chromium', 'firefox', 'webkit'];
const rows = [];
for (const engine of engines) {
  spawnSync('node', ['scripts/e2e.mjs', '--engine', engine, 'test/browsers/handover.test.ts'], {
    stdio: 'inherit',
    env: { ...process.env, DUB_HANDOVER_RUNS: values.runs },
  });
  const report = JSON.parse(readFileSync(`test-results/browsers-${engine}.json`, 'utf8'));
  const tests = report.testResults.flatMap((file) => file.assertionResults);
  const scenarios = new Map();
  for (const test of tests) {
    const name = test.title.replace(/ \(run \d+\)$/, '');
    const row = scenarios.get(name) ?? { engine, name, passed: 0, runs: 0, arrived: [] };
    row.runs++;
    if (test.status === 'passed') row.passed++;
    if (test.meta?.arrivedMs !== undefined) row.arrived.push(test.meta.arrivedMs);
    scenarios.set(name, row);
  }
  rows.push(...scenarios.values());
}
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
for (const { engine, name, passed, runs, arrived } of rows) {
  const when = arrived.length
    ? `; arrived ${seconds(Math.min(...arrived))}–${seconds(Math.max(...arrived))} after the next page opened`
    : '';
  console.log(`${engine.padEnd(9)} ${passed}/${runs}  ${name}${when}`);
}
process.exitCode = rows.every((row) => row.passed === row.runs) ? 0 : 1;
