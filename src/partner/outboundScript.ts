/** The outbound chunk as a classic script for the `<script>` build: it hands itself to the gate that added it. */
import { createOutbound } from './outbound.js';

(window as Window & { dubTrackOutbound?: typeof createOutbound }).dubTrackOutbound = createOutbound;
