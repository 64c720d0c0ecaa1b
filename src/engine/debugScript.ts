/** Debug mode's words as a classic script for the `<script>` build: it hands itself to the engine that added it. */
import { debug } from './debug.js';

(window as Window & { dubTrackDebug?: typeof debug }).dubTrackDebug = debug;
