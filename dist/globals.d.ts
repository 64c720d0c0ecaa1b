import './types/globals.js';
export {};
