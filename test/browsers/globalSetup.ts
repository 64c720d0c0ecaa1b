// Runs once per run, before any scenario: for WebKit, starts Xvfb and WebKitWebDriver (and stops
// them after), so neither the runner nor CI has to. The other engines start in each file.
import type { TestProject } from 'vitest/node';
import { engineName } from './engines/index.js';
import { startWebKitDriver } from './engines/webkit.js';

export default async function setup(project: TestProject) {
  if (engineName() !== 'webkit') return;
  const driver = await startWebKitDriver();
  project.provide('webkitDriverPort', driver.port);
  return () => driver.stop();
}
