// Picks the engine the suite runs in: `DUB_ENGINE` (chromium, firefox or webkit), set by
// scripts/e2e.mjs; WebKit's driver port comes from globalSetup.ts.
import { launchChromium, launchFirefox } from './puppeteer.js';
import type { Engine, EngineAbilities, EngineName } from './types.js';
import { connectWebKit } from './webkit.js';

export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

/**
 * What each engine's set-up gives it, known before it starts (scenarios are defined from it): a
 * launch option of ours, not a browser feature. Browser and driver features are probed at launch.
 */
export const ABILITIES: Record<
  EngineName,
  Pick<EngineAbilities, 'hostMapping' | 'secureCookiesOnLoopback'>
> = {
  chromium: { hostMapping: true, secureCookiesOnLoopback: true },
  firefox: { hostMapping: true, secureCookiesOnLoopback: true },
  webkit: { hostMapping: false, secureCookiesOnLoopback: false },
};

/** The engine this run is for. */
export function engineName(): EngineName {
  const name = process.env.DUB_ENGINE ?? 'chromium';
  if (!ENGINES.includes(name as EngineName)) {
    throw new Error(`DUB_ENGINE=${name}: expected one of ${ENGINES.join(', ')}`);
  }
  return name as EngineName;
}

/**
 * Launches `name`. `bfcache`: the scenarios need a back/forward cache, which Chromium has in its
 * full browser only (not in the headless shell the other scenarios run in).
 */
export async function launchEngine(
  name: EngineName,
  webkitPort?: number,
  { bfcache = false } = {},
): Promise<Engine> {
  if (name === 'chromium') return launchChromium({ full: bfcache });
  if (name === 'firefox') return launchFirefox();
  if (!webkitPort) throw new Error('WebKit needs the driver port that globalSetup.ts provides');
  return connectWebKit(webkitPort);
}
