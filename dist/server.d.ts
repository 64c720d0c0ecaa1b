export * from './types/server/index.js';
