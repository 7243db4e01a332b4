export {
  createTikTok,
  quoteLargeIds,
  type TikTokAdapterOptions,
  tikTokAdapterOptionsSchema,
  tikTokProgressSchema,
} from './adapter.js';
export {
  type ChunkPlan,
  type ChunkRules,
  checkChunkDeclaration,
  type PlannedChunk,
  planChunks,
  TIKTOK_CHUNK_RULES,
} from './chunk-plan.js';
export {
  createTikTokFake,
  type FakeTikTokPublish,
  type TikTokFake,
  type TikTokFakeOptions,
} from './fake/index.js';
export { tikTokCapabilities } from './limits.js';
export { type TikTokOptions, type TikTokOptionsInput, tikTokOptionsSchema } from './options.js';
