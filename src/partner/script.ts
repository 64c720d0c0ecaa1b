/** The partner chunk as a classic script for the `<script>` build: it hands itself to the core that added it. */
import { createPartner } from './index.js';

(window as Window & { dubTrackPartner?: typeof createPartner }).dubTrackPartner = createPartner;
