/** The partner gate as a classic script for the `<script>` build: it hands itself to the core that added it. */
import { handOverChunk } from '../contract.js';
import { createGate } from './gate.js';

handOverChunk('gate', createGate);
