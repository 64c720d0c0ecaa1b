// Runs once per run, before any scenario: for WebKit, starts Xvfb and WebKitWebDriver (and stops
// them after), so neither the runner nor CI has to: one pair per worker, since a driver holds one
// session at a time. The other engines start in each worker.
import type { TestProject } from 'vitest/node';
import { engineName } from './engines/index.js';
import { startWebKitDriver } from './engines/webkit.js';

export default async function setup(project: TestProject) {
  if (engineName() !== 'webkit') return;
  const workers = Number(process.env.DUB_E2E_WORKERS) || 1;
  const drivers = await Promise.all(Array.from({ length: workers }, () => startWebKitDriver()));
  project.provide(
    'webkitDriverPorts',
    drivers.map((driver) => driver.port),
  );
  return () => Promise.all(drivers.map((driver) => driver.stop()));
}
