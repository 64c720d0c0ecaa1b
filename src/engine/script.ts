/** The engine as a classic script for the `<script>` build: it hands itself to the core that added it. */
import { startEngine } from './index.js';

(window as Window & { dubTrackEngine?: typeof startEngine }).dubTrackEngine = startEngine;
