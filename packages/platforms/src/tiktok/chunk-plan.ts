/**
 * TikTok's FILE_UPLOAD chunk rules (Media Transfer Guide,
 * https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide) as a pure planner:
 * chunks of 5–64 MB sent in order; the last chunk takes the trailing bytes and may reach 128 MB;
 * a file under 5 MB goes whole (chunk_size = its size); a file over 64 MB must go in more than
 * one chunk; `total_chunk_count` = floor(video_size / chunk_size); 1–1000 chunks.
 * TikTok writes "MB" without saying 10^6 or 2^20 bytes: the defaults take the stricter reading of
 * each bound (at least 5 MiB; at most 64,000,000 and 128,000,000 bytes), so a plan is valid under
 * both. The rules are a parameter so the adapter and the fake can use small ones in tests.
 */

const MiB = 1024 * 1024;

export interface ChunkRules {
  minChunkBytes: number;
  /** Largest chunk; a video over it must go in more than one chunk. */
  maxChunkBytes: number;
  maxFinalChunkBytes: number;
  maxChunks: number;
}

/** The real rules, read strictly (see above). */
export const TIKTOK_CHUNK_RULES: ChunkRules = {
  minChunkBytes: 5 * MiB,
  maxChunkBytes: 64_000_000,
  maxFinalChunkBytes: 128_000_000,
  maxChunks: 1000,
};

export interface PlannedChunk {
  index: number;
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive (as in `Content-Range`). */
  end: number;
  length: number;
}

export interface ChunkPlan {
  videoSize: number;
  /** `source_info.chunk_size`. */
  chunkSize: number;
  /** `source_info.total_chunk_count`. */
  totalChunkCount: number;
  chunks: PlannedChunk[];
}

/**
 * Plans the chunks of a FILE_UPLOAD. `preferredChunkBytes` is clamped into the rules; it shrinks
 * so a video over the largest chunk goes in at least two, and grows when the file would otherwise
 * need more than `maxChunks`. Throws a RangeError when the file cannot be sent under the rules.
 *
 * @example
 * ```ts
 * planChunks(130 * 1024 * 1024, 64 * 1024 * 1024)
 * // { chunkSize: 64,000,000, totalChunkCount: 2, chunks: [0–64,000,000, …–130 MiB] }
 * ```
 */
export function planChunks(
  videoSize: number,
  preferredChunkBytes: number,
  rules: ChunkRules = TIKTOK_CHUNK_RULES,
): ChunkPlan {
  if (!Number.isInteger(videoSize) || videoSize <= 0)
    throw new RangeError('video size must be a positive integer');
  const whole: ChunkPlan = {
    videoSize,
    chunkSize: videoSize,
    totalChunkCount: 1,
    chunks: [{ index: 0, start: 0, end: videoSize - 1, length: videoSize }],
  };
  let chunkSize = Math.min(Math.max(preferredChunkBytes, rules.minChunkBytes), rules.maxChunkBytes);
  // Under the minimum, or small enough for one chunk: send it whole.
  if (videoSize < rules.minChunkBytes || videoSize <= chunkSize) return whole;
  // Over the largest chunk: never one chunk, whatever the preferred size (the final chunk could
  // hold it, but TikTok wants such a video in several).
  if (videoSize > rules.maxChunkBytes) chunkSize = Math.min(chunkSize, Math.floor(videoSize / 2));
  if (Math.floor(videoSize / chunkSize) > rules.maxChunks) chunkSize = Math.ceil(videoSize / rules.maxChunks);
  const totalChunkCount = Math.floor(videoSize / chunkSize);
  // One chunk of a video that fits one: say so plainly (chunk_size = video_size).
  if (totalChunkCount === 1 && videoSize <= rules.maxChunkBytes) return whole;
  const finalLength = videoSize - (totalChunkCount - 1) * chunkSize;
  if (
    chunkSize > rules.maxChunkBytes ||
    chunkSize < rules.minChunkBytes ||
    totalChunkCount < 2 ||
    totalChunkCount > rules.maxChunks ||
    finalLength > rules.maxFinalChunkBytes
  ) {
    throw new RangeError(`a ${videoSize}-byte video cannot be uploaded within TikTok's chunk rules`);
  }
  const chunks: PlannedChunk[] = [];
  for (let index = 0; index < totalChunkCount; index++) {
    const start = index * chunkSize;
    const length = index === totalChunkCount - 1 ? finalLength : chunkSize;
    chunks.push({ index, start, end: start + length - 1, length });
  }
  return { videoSize, chunkSize, totalChunkCount, chunks };
}

/**
 * Whether an init request's `video_size`, `chunk_size` and `total_chunk_count` obey the rules
 * (what TikTok checks; the fake uses it). Returns the problem, or null.
 */
export function checkChunkDeclaration(
  input: { videoSize: number; chunkSize: number; totalChunkCount: number },
  rules: ChunkRules = TIKTOK_CHUNK_RULES,
): string | null {
  const { videoSize, chunkSize, totalChunkCount } = input;
  if (![videoSize, chunkSize, totalChunkCount].every((n) => Number.isInteger(n) && n > 0))
    return 'sizes must be positive integers';
  if (videoSize < rules.minChunkBytes)
    return chunkSize === videoSize && totalChunkCount === 1
      ? null
      : 'a video under the minimum chunk size must be sent whole';
  if (chunkSize > rules.maxChunkBytes) return 'chunk_size is over the maximum';
  if (chunkSize < rules.minChunkBytes) return 'chunk_size is under the minimum';
  if (chunkSize > videoSize) return 'chunk_size is larger than the video';
  if (totalChunkCount !== Math.floor(videoSize / chunkSize))
    return 'total_chunk_count must be floor(video_size / chunk_size)';
  if (totalChunkCount > rules.maxChunks) return 'too many chunks';
  if (videoSize > rules.maxChunkBytes && totalChunkCount < 2)
    return 'a video over the maximum chunk size must be uploaded in multiple chunks';
  if (videoSize - (totalChunkCount - 1) * chunkSize > rules.maxFinalChunkBytes)
    return 'the final chunk would be over the maximum';
  return null;
}
