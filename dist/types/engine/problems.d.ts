import type { Problem } from '../config/options.js';
/**
 * Whether the `<script>` tag's tracker (at its mark, `Symbol.for('dub-track')`) could not take
 * `window.dubTrack` because the page made it read-only: checked by the engine as it starts, not
 * by the core, whose every byte each page pays for (a debug-mode page, or one with a call or a
 * kept event, loads the engine and hears of it).
 */
export declare const trackerHidden: () => boolean;
/**
 * A problem the core found, in words: the core carries only its code (it is what every page
 * loads), the engine the message.
 */
export declare const describeProblem: ([code, detail]: Problem) => string;
