/** The partner chunk as a classic script for the `<script>` build: it hands itself to the core that added it. */
import { handOverChunk } from '../contract.js';
import { createPartner } from './index.js';

handOverChunk('partner', createPartner);
