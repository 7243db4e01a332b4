export {
  type BlueskyFake,
  type BlueskyFakeOptions,
  type BlueskyFakeRecord,
  createBlueskyFake,
} from './server.js';
export type { FakeBlob } from './validate-record.js';
