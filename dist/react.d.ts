import './types/globals.js';
export * from './types/react.js';
