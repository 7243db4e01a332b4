import { graphError } from '../../graph/fake/base.js';
import { mp4DurationMs } from '../../graph/fake/mp4.js';
import type { FakeResponse } from '../../testing/fake-server.js';

/**
 * Meta's video limits (developers.facebook.com/docs/graph-api/video-uploads) as the fake enforces
 * them — kept apart from the adapter's copy on purpose, so the two readings can disagree in a
 * test: a non-resumable upload (`source` or `file_url`) takes up to 1 GB and 20 minutes, the
 * resumable upload up to 10 GB and 4 hours. "GB" is read as 10⁹ bytes ⚠.
 */
export const FACEBOOK_VIDEO_LIMITS = {
  nonResumableMaxBytes: 1_000_000_000,
  nonResumableMaxDurationMs: 20 * 60_000,
  resumableMaxBytes: 10_000_000_000,
  resumableMaxDurationMs: 4 * 3_600_000,
} as const;

/** One resumable upload session (`upload_phase=start` … `finish`). */
export interface FakeVideoSession {
  id: string;
  videoId: string;
  pageId: string;
  total: number;
  /** The bytes received so far, in order. */
  received: Buffer[];
  /** The next byte the fake expects (`start_offset` of its last answer). */
  next: number;
  finished: boolean;
}

/** Facebook's "there was a problem with your video file" answer ⚠ (code 6000 is the Video API's). */
const videoProblem = (userMessage: string, subcode?: number) =>
  graphError(
    400,
    6000,
    'There was a problem uploading your video file. Please try again with another file.',
    {
      userMessage,
      ...(subcode ? { subcode } : {}),
    },
  );

/**
 * Checks a whole video against the limits of the way it was uploaded; undefined when it passes.
 * The duration is read from the file (`moov/mvhd`) as Facebook reads it when it decodes the video.
 *
 * @example
 * ```ts
 * const problem = videoLimitProblem(bytes, false, FACEBOOK_VIDEO_LIMITS.nonResumableMaxBytes);
 * if (problem) return problem;
 * ```
 */
export function videoLimitProblem(bytes: Buffer, resumable: boolean, nonResumableMaxBytes: number) {
  const maxBytes = resumable ? FACEBOOK_VIDEO_LIMITS.resumableMaxBytes : nonResumableMaxBytes;
  const maxDurationMs = resumable
    ? FACEBOOK_VIDEO_LIMITS.resumableMaxDurationMs
    : FACEBOOK_VIDEO_LIMITS.nonResumableMaxDurationMs;
  const how = resumable ? 'a resumable upload' : 'a non-resumable upload';
  if (bytes.length > maxBytes)
    return videoProblem(`The video is larger than ${maxBytes} bytes, the most ${how} takes.`, 1_363_023);
  const durationMs = mp4DurationMs(bytes);
  if (durationMs !== undefined && durationMs > maxDurationMs)
    return videoProblem(`The video is longer than ${maxDurationMs / 60_000} minutes, the most ${how} takes.`);
  return undefined;
}

/**
 * The resumable half of the fake `/{page-id}/videos` edge: `start` opens a session and names the
 * first chunk, `transfer` takes exactly the chunk it asked for and names the next one (a wrong
 * `start_offset` is refused with subcode 1363037 and the right offsets in `error_data`, as the
 * Video API error reference describes), `finish` checks the whole file and publishes it.
 *
 * @example
 * ```ts
 * const sessions = createVideoSessions({ chunkBytes: 64 * 1024, newId: base.newId });
 * if (params.upload_phase === 'start') return sessions.start(pageId, params);
 * ```
 */
export function createVideoSessions(options: { chunkBytes: number; newId: () => string }) {
  const sessions = new Map<string, FakeVideoSession>();
  const windowOf = (session: FakeVideoSession) => ({
    start_offset: String(session.next),
    end_offset: String(Math.min(session.next + options.chunkBytes, session.total)),
  });

  function start(pageId: string, params: Record<string, string>): FakeResponse {
    if (params.file_url) return graphError(400, 100, '(#100) file_url cannot be used with upload_phase');
    const total = Number(params.file_size);
    if (!Number.isSafeInteger(total) || total <= 0)
      return graphError(400, 100, '(#100) file_size is required for upload_phase=start');
    if (total > FACEBOOK_VIDEO_LIMITS.resumableMaxBytes)
      return videoProblem('The video you tried to upload is too large.', 1_363_023);
    const session: FakeVideoSession = {
      id: options.newId(),
      videoId: options.newId(),
      pageId,
      total,
      received: [],
      next: 0,
      finished: false,
    };
    sessions.set(session.id, session);
    return {
      status: 200,
      body: { upload_session_id: session.id, video_id: session.videoId, ...windowOf(session) },
    };
  }

  function sessionOf(pageId: string, params: Record<string, string>): FakeVideoSession | FakeResponse {
    const session = sessions.get(params.upload_session_id ?? '');
    // ⚠ Meta documents no answer for an unknown or expired session; a plain (#100) stands in.
    if (!session || session.pageId !== pageId)
      return graphError(400, 100, '(#100) Invalid upload_session_id');
    return session;
  }

  function transfer(pageId: string, params: Record<string, string>, chunk: Buffer | undefined): FakeResponse {
    const session = sessionOf(pageId, params);
    if ('status' in session) return session;
    if (session.finished) return graphError(400, 100, '(#100) The upload session is already finished');
    const window = windowOf(session);
    const expected = Number(window.end_offset) - session.next;
    if (Number(params.start_offset) !== session.next) {
      return graphError(
        400,
        6000,
        'There was a problem uploading your video. Please try uploading it again.',
        {
          subcode: 1_363_037,
          data: { start_offset: session.next, end_offset: Number(window.end_offset) },
        },
      );
    }
    if (!chunk || chunk.length !== expected) {
      return graphError(
        400,
        6000,
        'There was a problem uploading your video. Please try uploading it again.',
        {
          subcode: 1_363_033,
        },
      );
    }
    session.received.push(chunk);
    session.next += chunk.length;
    return { status: 200, body: windowOf(session) };
  }

  /** Closes the session; the caller publishes the returned bytes as the video. */
  function finish(
    pageId: string,
    params: Record<string, string>,
  ): { session: FakeVideoSession; bytes: Buffer } | FakeResponse {
    const session = sessionOf(pageId, params);
    if ('status' in session) return session;
    if (session.finished) return graphError(400, 100, '(#100) The upload session is already finished');
    if (session.next !== session.total)
      return graphError(
        400,
        6000,
        'There was a problem uploading your video. Please try uploading it again.',
        {
          subcode: 1_363_019,
          userMessage: `Only ${session.next} of ${session.total} bytes arrived.`,
        },
      );
    const bytes = Buffer.concat(session.received);
    const problem = videoLimitProblem(bytes, true, FACEBOOK_VIDEO_LIMITS.nonResumableMaxBytes);
    if (problem) return problem;
    session.finished = true;
    return { session, bytes };
  }

  return { start, transfer, finish, sessions: () => [...sessions.values()] };
}
