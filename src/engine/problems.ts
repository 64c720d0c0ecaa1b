import type { Problem } from '../config/options.js';

/**
 * Whether the `<script>` tag's tracker (at its mark, `Symbol.for('dub-track')`) could not take
 * `window.dubTrack` because the page made it read-only: checked by the engine as it starts, not
 * by the core, whose every byte each page pays for (a debug-mode page, or one with a call or a
 * kept event, loads the engine and hears of it).
 */
export const trackerHidden = () => {
  const page = globalThis as unknown as Record<PropertyKey, unknown>;
  const mark = page[Symbol.for('dub-track')];
  return !!mark && page.dubTrack !== mark;
};

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
