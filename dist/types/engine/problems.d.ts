import type { Problem } from '../config/options.js';
/**
 * A problem the core found, in words: the core carries only its code (it is what every page
 * loads), the engine the message.
 */
export declare const describeProblem: ([code, detail]: Problem) => string;
