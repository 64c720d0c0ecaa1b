/** The outbound chunk as a classic script for the `<script>` build: it hands itself to the gate that added it. */
import { handOverChunk } from '../contract.js';
import { createOutbound } from './outbound.js';

handOverChunk('outbound', createOutbound);
