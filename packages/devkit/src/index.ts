export * from './postgres/index.js';
export * from './temporal/index.js';
