export type { ConformanceContext, StoreFactory, StoreUnderTest } from './context.js';
export { describeStoreConformance } from './store-conformance.js';
