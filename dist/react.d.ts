export * from './types/react.js';
