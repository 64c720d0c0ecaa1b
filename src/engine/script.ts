/** The engine as a classic script for the `<script>` build: it hands itself to the core that added it. */
import { handOverChunk } from '../contract.js';
import { startEngine } from './index.js';

handOverChunk('engine', startEngine);
