/** The partner gate as a classic script for the `<script>` build: it hands itself to the core that added it. */
import { createGate } from './gate.js';

(window as Window & { dubTrackGate?: typeof createGate }).dubTrackGate = createGate;
