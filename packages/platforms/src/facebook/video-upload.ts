import {
  ContentRejectedError,
  type MediaAsset,
  type MediaReader,
  PlatformError,
  TransientError,
} from '@relaypost/core';
import { z } from 'zod';
import type { GraphClient } from '../graph/client.js';
import { graphErrorOf } from '../graph/errors.js';

const PLATFORM = 'facebook';

/**
 * Meta's video upload limits (developers.facebook.com/docs/graph-api/video-uploads): one
 * non-resumable request (`source` or `file_url`) takes up to 1 GB and 20 minutes; the resumable
 * upload up to 10 GB and 4 hours. "GB" is read as 10⁹ bytes, the stricter reading ⚠.
 *
 * @example
 * ```ts
 * FACEBOOK_VIDEO_LIMITS.nonResumableMaxDurationMs // 1_200_000
 * ```
 */
export const FACEBOOK_VIDEO_LIMITS = {
  nonResumableMaxBytes: 1_000_000_000,
  nonResumableMaxDurationMs: 20 * 60_000,
  resumableMaxBytes: 10_000_000_000,
  resumableMaxDurationMs: 4 * 3_600_000,
} as const;

/**
 * Where a resumable Page video upload stands, reported through `reportProgress` (Temporal
 * heartbeat details) and read back from `resumeFrom` on the next attempt.
 *
 * @example
 * ```ts
 * const prior = facebookVideoProgressSchema.safeParse(request.resumeFrom);
 * ```
 */
export const facebookVideoProgressSchema = z.object({
  uploadSessionId: z.string().min(1),
  videoId: z.string().min(1),
  pageId: z.string().min(1),
  assetId: z.string(),
  total: z.number().int().positive(),
  /** The chunk Facebook asked for last (`start_offset`, `end_offset`). */
  startOffset: z.number().int().nonnegative(),
  endOffset: z.number().int().nonnegative(),
  /** `finish` once the finish phase was sent: the video may be live. */
  phase: z.enum(['transfer', 'finish']),
});
export type FacebookVideoProgress = z.infer<typeof facebookVideoProgressSchema>;

/** How a video goes up. */
export type VideoUploadMethod = 'file_url' | 'resumable';

/**
 * A video goes by `file_url` (Facebook downloads it, one request) only when a URL can be handed
 * out and the video is known to fit the non-resumable limits; otherwise it goes up resumably,
 * which also lets a crashed attempt continue where it stopped.
 *
 * @example
 * ```ts
 * videoUploadMethod({ sizeBytes: 2e9, durationMs: 60_000 }, true) // 'resumable'
 * ```
 */
export function videoUploadMethod(
  asset: Pick<MediaAsset, 'sizeBytes' | 'durationMs'>,
  urlsAvailable: boolean,
): VideoUploadMethod {
  const fits =
    asset.sizeBytes <= FACEBOOK_VIDEO_LIMITS.nonResumableMaxBytes &&
    asset.durationMs !== null &&
    asset.durationMs <= FACEBOOK_VIDEO_LIMITS.nonResumableMaxDurationMs;
  return urlsAvailable && fits ? 'file_url' : 'resumable';
}

const offsetsSchema = z.object({
  start_offset: z.coerce.number().int().nonnegative(),
  end_offset: z.coerce.number().int().nonnegative(),
});
const startSchema = offsetsSchema.extend({
  upload_session_id: z.coerce.string().min(1),
  video_id: z.coerce.string().min(1),
});
const finishSchema = z.object({ success: z.boolean().nullish() });
const videoStateSchema = z.object({ published: z.boolean().nullish() });

/** What one resumable upload needs: the client, the Page token and Page, the asset and its bytes. */
export interface ResumableVideoContext {
  graph: GraphClient;
  videoBaseUrl: string;
  token: string;
  pageId: string;
  asset: MediaAsset;
  media: MediaReader;
  /** Form fields of the finish phase (`description`, `title`). */
  details: Record<string, string | undefined>;
  reportProgress?: ((state: FacebookVideoProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** Times in a row Facebook may correct the offset (subcode 1363037) before the attempt gives up. */
const MAX_OFFSET_CORRECTIONS = 3;

/**
 * The offsets Facebook names in a 1363037 answer ("invalid start offset": resend from these).
 * Meta's Video API error reference and its business SDKs read them from `error.error_data`.
 */
function correctedOffsets(error: unknown): { start: number; end: number } | undefined {
  if (!PlatformError.isInstance(error) || !error.responseBody) return undefined;
  // The error family keeps the answer as (redacted) text.
  const body = graphErrorOf(parseJson(error.responseBody));
  if (body?.error_subcode !== 1_363_037) return undefined;
  const data = typeof body.error_data === 'string' ? parseJson(body.error_data) : body.error_data;
  const parsed = offsetsSchema.safeParse(data);
  return parsed.success ? { start: parsed.data.start_offset, end: parsed.data.end_offset } : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Progress from an earlier attempt, if it belongs to this asset and Page.
 *
 * @example
 * ```ts
 * const prior = priorVideoProgress(request.resumeFrom, asset, pageId); // undefined: start afresh
 * ```
 */
export function priorVideoProgress(
  resumeFrom: unknown,
  asset: MediaAsset,
  pageId: string,
): FacebookVideoProgress | undefined {
  const parsed = facebookVideoProgressSchema.safeParse(resumeFrom);
  if (!parsed.success) return undefined;
  const prior = parsed.data;
  return prior.assetId === asset.id && prior.total === asset.sizeBytes && prior.pageId === pageId
    ? prior
    : undefined;
}

/**
 * Whether the video of an earlier attempt is published (`GET /{video-id}?fields=published`,
 * "whether a post about this video is published", Page videos only).
 *
 * @example
 * ```ts
 * if (await videoPublished({ graph, token }, prior.videoId)) return prior.videoId;
 * ```
 */
export async function videoPublished(
  ctx: Pick<ResumableVideoContext, 'graph' | 'token' | 'signal'>,
  videoId: string,
) {
  const answer = videoStateSchema.parse(
    await ctx.graph.get(encodeURIComponent(videoId), {
      token: ctx.token,
      query: { fields: 'id,published' },
      signal: ctx.signal,
    }),
  );
  return answer.published === true;
}

/**
 * Uploads a Page video with Facebook's resumable protocol on the video host
 * (developers.facebook.com/docs/graph-api/video-uploads): `upload_phase=start` with `file_size`
 * opens a session and names the first chunk; each `transfer` sends exactly the bytes from
 * `start_offset` to `end_offset` as `video_file_chunk` and gets the next pair; `finish` publishes.
 * Progress is reported after every step, so a crashed attempt resumes from `prior`: it resends
 * the last chunk Facebook asked for, and Facebook's 1363037 answer (wrong offset, with the right
 * ones in `error_data`) moves it on if that chunk had arrived. Start and transfer create nothing
 * visible (mutating: false); only a lost answer to `finish` is an unknown outcome.
 *
 * @example
 * ```ts
 * const videoId = await uploadVideoResumably(ctx, priorVideoProgress(request.resumeFrom, asset, pageId));
 * ```
 */
export async function uploadVideoResumably(
  ctx: ResumableVideoContext,
  prior: FacebookVideoProgress | undefined,
): Promise<string> {
  let state = prior;
  if (state?.phase === 'finish' && (await videoPublished(ctx, state.videoId))) return state.videoId;
  if (state) {
    try {
      state = await transferAll(ctx, state);
    } catch (error) {
      // ⚠ A session Facebook no longer knows answers with a plain refusal; a new session creates
      // nothing visible, so starting over is safe.
      if (!ContentRejectedError.isInstance(error)) throw error;
      state = undefined;
    }
  }
  if (!state) state = await transferAll(ctx, await startSession(ctx));
  try {
    return await finish(ctx, state);
  } catch (error) {
    // An earlier attempt's finish may have landed after all (its answer was lost): a refused
    // second finish of a published video is that video.
    if (
      prior?.phase === 'finish' &&
      ContentRejectedError.isInstance(error) &&
      (await videoPublished(ctx, state.videoId))
    )
      return state.videoId;
    throw error;
  }
}

async function startSession(ctx: ResumableVideoContext): Promise<FacebookVideoProgress> {
  const answer = startSchema.parse(
    await ctx.graph.post(`${ctx.pageId}/videos`, {
      token: ctx.token,
      baseUrl: ctx.videoBaseUrl,
      form: { upload_phase: 'start', file_size: String(ctx.asset.sizeBytes) },
      mutating: false,
      signal: ctx.signal,
    }),
  );
  const state: FacebookVideoProgress = {
    uploadSessionId: answer.upload_session_id,
    videoId: answer.video_id,
    pageId: ctx.pageId,
    assetId: ctx.asset.id,
    total: ctx.asset.sizeBytes,
    startOffset: answer.start_offset,
    endOffset: answer.end_offset,
    phase: 'transfer',
  };
  ctx.reportProgress?.(state);
  return state;
}

async function transferAll(
  ctx: ResumableVideoContext,
  from: FacebookVideoProgress,
): Promise<FacebookVideoProgress> {
  let state = from;
  let corrections = 0;
  while (state.startOffset < state.endOffset) {
    const { startOffset, endOffset } = state;
    if (endOffset > state.total) {
      throw new TransientError({
        platform: PLATFORM,
        message: `video upload asked for bytes up to ${endOffset} of a ${state.total}-byte file`,
      });
    }
    const bytes = await ctx.media.readRange(ctx.asset, startOffset, endOffset - startOffset);
    const multipart = new FormData();
    multipart.set(
      'video_file_chunk',
      new Blob([new Uint8Array(bytes)], { type: ctx.asset.mimeType }),
      'chunk',
    );
    let next: { start: number; end: number };
    try {
      const answer = offsetsSchema.parse(
        await ctx.graph.post(`${ctx.pageId}/videos`, {
          token: ctx.token,
          baseUrl: ctx.videoBaseUrl,
          form: {
            upload_phase: 'transfer',
            upload_session_id: state.uploadSessionId,
            start_offset: String(startOffset),
          },
          multipart,
          mutating: false,
          signal: ctx.signal,
        }),
      );
      next = { start: answer.start_offset, end: answer.end_offset };
      corrections = 0;
    } catch (error) {
      const corrected = correctedOffsets(error);
      if (!corrected || ++corrections > MAX_OFFSET_CORRECTIONS) throw error;
      next = corrected;
    }
    state = { ...state, startOffset: next.start, endOffset: next.end };
    ctx.reportProgress?.(state);
  }
  if (state.startOffset !== state.total) {
    throw new TransientError({
      platform: PLATFORM,
      message: `video upload stopped at byte ${state.startOffset} of ${state.total}`,
    });
  }
  return state;
}

async function finish(ctx: ResumableVideoContext, state: FacebookVideoProgress): Promise<string> {
  ctx.reportProgress?.({ ...state, phase: 'finish' });
  const answer = finishSchema.parse(
    await ctx.graph.post(`${ctx.pageId}/videos`, {
      token: ctx.token,
      baseUrl: ctx.videoBaseUrl,
      form: { upload_phase: 'finish', upload_session_id: state.uploadSessionId, ...ctx.details },
      signal: ctx.signal,
    }),
  );
  if (answer.success === false) {
    throw new TransientError({ platform: PLATFORM, message: 'Facebook did not confirm the video upload' });
  }
  return state.videoId;
}
