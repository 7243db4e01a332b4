import {
  ContentRejectedError,
  type MediaAsset,
  type MediaReader,
  NeedsReconnectError,
  TransientError,
} from '@relaypost/core';
import { encodeUrn, type LinkedInRestConfig, linkedInCall, restHeaders } from './rest.js';
import {
  type LinkedInUploadInstruction,
  linkedInImageInitSchema,
  linkedInMediaStatusSchema,
  linkedInVideoInitSchema,
} from './wire.js';

const PLATFORM = 'linkedin';

/**
 * Organization roles that may upload video for the organization: LinkedIn's social access control
 * lets ADMINISTRATOR and DIRECT_SPONSORED_CONTENT_POSTER create organization posts, and video
 * uploads are refused to other posting roles such as CONTENT_ADMINISTRATOR.
 */
export const LINKEDIN_VIDEO_ROLES = ['ADMINISTRATOR', 'DIRECT_SPONSORED_CONTENT_POSTER'] as const;

/**
 * A 403 on an organization's video upload by a member whose recorded role cannot upload video is
 * the member's role, not the token: reconnecting cannot fix it, so it is refused content naming
 * the video and what a page administrator must change. Anything else passes through.
 */
function videoRoleRefusal(error: unknown, job: LinkedInUploadJob): unknown {
  if (!NeedsReconnectError.isInstance(error) || error.status !== 403) return error;
  if (!job.owner.startsWith('urn:li:organization:')) return error;
  const role = job.ownerRole;
  if (role && (LINKEDIN_VIDEO_ROLES as readonly string[]).includes(role)) return error;
  return new ContentRejectedError({
    platform: PLATFORM,
    status: 403,
    field: `media.${job.index}`,
    platformCode: error.platformCode,
    responseBody: error.responseBody,
    platformMessage: error.message.replace(/^linkedin: /, ''),
    message:
      `media.${job.index}: LinkedIn refused the video upload for ${job.owner} (HTTP 403): video for an ` +
      `organization needs the ${LINKEDIN_VIDEO_ROLES.join(' or ')} role on its page${
        role ? `, and the member's role is ${role}` : ''
      }. A page administrator must grant one of those roles (reconnecting does not help); posts ` +
      'without video still work',
    cause: error,
  });
}

/** How the adapter waits for LinkedIn to process an upload. */
export interface LinkedInProcessingPolling {
  /** Wait between status reads. */
  delayMs: number;
  /** Overall bound; past it the upload fails as transient (no post was created). */
  timeoutMs: number;
}

/** What uploads need from the factory. */
export interface LinkedInUploadConfig extends LinkedInRestConfig {
  polling: LinkedInProcessingPolling;
}

/** One upload: who owns it, which asset, where it sits in the post (for error paths). */
export interface LinkedInUploadJob {
  token: string;
  /** The post's author URN: LinkedIn requires the media owner to match it. */
  owner: string;
  /** The member's role in the owning organization, as recorded at connect time (absent for members). */
  ownerRole?: string | undefined;
  asset: MediaAsset;
  index: number;
  reader: MediaReader;
  signal?: AbortSignal | undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

// Nothing is published until POST /rest/posts, so a lost upload answer is only transient.
const call = <T>(config: LinkedInUploadConfig, run: () => Promise<T>) =>
  linkedInCall({ mutating: false, apiVersion: config.apiVersion, mapError: config.mapError }, run);

/** Reads `GET /rest/{images|videos}/{urn}` until the media is AVAILABLE. */
async function waitUntilAvailable(
  config: LinkedInUploadConfig,
  job: LinkedInUploadJob,
  kind: 'images' | 'videos',
  urn: string,
): Promise<void> {
  const deadline = Date.now() + config.polling.timeoutMs;
  for (;;) {
    const body = await call(config, () =>
      config.http
        .get(`${config.apiBaseUrl}/rest/${kind}/${encodeUrn(urn)}`, {
          headers: restHeaders(job.token, config.apiVersion),
          ...(job.signal ? { signal: job.signal } : {}),
        })
        .json(),
    );
    const media = linkedInMediaStatusSchema.parse(body);
    if (media.status === 'AVAILABLE') return;
    if (media.status === 'PROCESSING_FAILED') {
      const reason = media.processingFailureReason ?? 'processing failed';
      throw new ContentRejectedError({
        platform: PLATFORM,
        field: `media.${job.index}`,
        responseBody: body,
        platformCode: 'PROCESSING_FAILED',
        platformMessage: reason,
        message: `${urn} (${job.asset.mimeType}) was refused: ${reason}`,
      });
    }
    if (Date.now() + config.polling.delayMs > deadline) {
      throw new TransientError({
        platform: PLATFORM,
        message: `${urn} still ${media.status} after ${config.polling.timeoutMs} ms`,
      });
    }
    await sleep(config.polling.delayMs, job.signal);
  }
}

/**
 * Uploads an image (or GIF) through the Images API: `POST /rest/images?action=initializeUpload`
 * with the owner, PUT of the bytes to the `uploadUrl` (with the bearer token), then status reads
 * until it is AVAILABLE. Returns the image URN for the post.
 *
 * @example
 * ```ts
 * const urn = await uploadLinkedInImage(config, { token, owner: author, asset, index: 0, reader });
 * ```
 */
export async function uploadLinkedInImage(
  config: LinkedInUploadConfig,
  job: LinkedInUploadJob,
): Promise<string> {
  const signal = job.signal ? { signal: job.signal } : {};
  const init = linkedInImageInitSchema.parse(
    await call(config, () =>
      config.http
        .post(`${config.apiBaseUrl}/rest/images`, {
          headers: restHeaders(job.token, config.apiVersion),
          searchParams: { action: 'initializeUpload' },
          json: { initializeUploadRequest: { owner: job.owner } },
          ...signal,
        })
        .json(),
    ),
  );
  const bytes = await job.reader.read(job.asset);
  await call(config, () =>
    config.http.put(init.value.uploadUrl, {
      headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/octet-stream' },
      body: bytes,
      ...signal,
    }),
  );
  await waitUntilAvailable(config, job, 'images', init.value.image);
  return init.value.image;
}

/** The parts must cover the file once, in order: anything else cannot be uploaded as told. */
function checkInstructions(parts: readonly LinkedInUploadInstruction[], size: number, urn: string): void {
  let next = 0;
  for (const part of parts) {
    if (part.firstByte !== next || part.lastByte < part.firstByte || part.lastByte >= size) {
      throw new TransientError({
        platform: PLATFORM,
        message: `upload instructions for ${urn} do not cover bytes ${next}..${size - 1} in order`,
      });
    }
    next = part.lastByte + 1;
  }
  if (next !== size) {
    throw new TransientError({
      platform: PLATFORM,
      message: `upload instructions for ${urn} stop at byte ${next} of ${size}`,
    });
  }
}

/**
 * Uploads a video through the Videos API: `initializeUpload` with `fileSizeBytes` returns
 * `uploadInstructions[{uploadUrl, firstByte, lastByte}]`; each part is read with `readRange` and
 * PUT to its URL, collecting the `ETag` of each answer; `finalizeUpload` sends them in order as
 * `uploadedPartIds` with the `uploadToken`; then status reads until it is AVAILABLE. A 403 on an
 * organization's upload by a member without a video role is refused content on the video, not a
 * reconnect (see {@link LINKEDIN_VIDEO_ROLES}).
 *
 * @example
 * ```ts
 * const urn = await uploadLinkedInVideo(config, { token, owner: author, asset, index: 0, reader });
 * ```
 */
export async function uploadLinkedInVideo(
  config: LinkedInUploadConfig,
  job: LinkedInUploadJob,
): Promise<string> {
  const signal = job.signal ? { signal: job.signal } : {};
  const answer = await call(config, () =>
    config.http
      .post(`${config.apiBaseUrl}/rest/videos`, {
        headers: restHeaders(job.token, config.apiVersion),
        searchParams: { action: 'initializeUpload' },
        json: {
          initializeUploadRequest: {
            owner: job.owner,
            fileSizeBytes: job.asset.sizeBytes,
            uploadCaptions: false,
            uploadThumbnail: false,
          },
        },
        ...signal,
      })
      .json(),
  ).catch((error: unknown) => {
    throw videoRoleRefusal(error, job);
  });
  const init = linkedInVideoInitSchema.parse(answer);
  const { video, uploadInstructions, uploadToken } = init.value;
  checkInstructions(uploadInstructions, job.asset.sizeBytes, video);
  const uploadedPartIds: string[] = [];
  for (const part of uploadInstructions) {
    const bytes = await job.reader.readRange(job.asset, part.firstByte, part.lastByte - part.firstByte + 1);
    // The part URLs are signed: no bearer token.
    const response = await call(config, () =>
      config.http.put(part.uploadUrl, {
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
        ...signal,
      }),
    );
    const etag = response.headers.get('etag');
    if (!etag) {
      throw new TransientError({
        platform: PLATFORM,
        message: `the upload of bytes ${part.firstByte}-${part.lastByte} of ${video} answered without an ETag`,
      });
    }
    uploadedPartIds.push(etag);
  }
  await call(config, () =>
    config.http.post(`${config.apiBaseUrl}/rest/videos`, {
      headers: restHeaders(job.token, config.apiVersion),
      searchParams: { action: 'finalizeUpload' },
      json: { finalizeUploadRequest: { video, uploadToken: uploadToken ?? '', uploadedPartIds } },
      ...signal,
    }),
  );
  await waitUntilAvailable(config, job, 'videos', video);
  return video;
}
