import type { Problem } from '../config/options.js';

/**
 * A problem the core found, in words: the core carries only its code (it is what every page
 * loads), the engine the message.
 */
export const describeProblem = ([code, detail]: Problem): string =>
  code === 'json'
    ? `${detail}: not JSON (quote its keys: {"limit": 3}), using the default`
    : code === 'clickId'
      ? // Percent-encoded as in a URL (no markup, quote or line break reaches a log as such) and
        // cut short; URL values hold no lone surrogates, so encoding cannot throw.
        `invalid dub_id ignored: ${encodeURIComponent(detail).slice(0, 80)}`
      : 'window.dubTrack is read-only: use window[Symbol.for("dub-track")]';
