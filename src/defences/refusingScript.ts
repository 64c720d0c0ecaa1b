/**
 * The engine of a page with a setter on `Object.prototype`, as a classic script for the
 * `<script>` build: only such pages download it (the engine loads it, pinned by its digest).
 */
import { handOverChunk } from '../contract.js';
import { refusingEngine } from './prototypeSetter.js';

handOverChunk('refusing', refusingEngine);
