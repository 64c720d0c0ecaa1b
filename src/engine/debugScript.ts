/** Debug mode's words as a classic script for the `<script>` build: it hands itself to the engine that added it. */
import { handOverChunk } from '../contract.js';
import { debug } from './debug.js';

handOverChunk('debug', debug);
