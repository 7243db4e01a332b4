import { ConfigurationError, NotFoundError } from '@relaypost/core';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';

/** How long a signed media URL stays valid, and how long the browser may keep the redirect to it. */
const URL_SECONDS = 3600;
const REDIRECT_CACHE_SECONDS = 600;

/**
 * Whether the SDK can sign media URLs here (an S3 store, or a `mediaUrls` provider). Learned on
 * the first request: the answer is fixed by how `createRelayPost()` was configured.
 */
let signsUrls: boolean | undefined;

/**
 * A media item for thumbnails and previews, to members of its workspace only: a redirect to a
 * time-limited URL where the SDK can sign one (`media.url`), else the bytes (`media.read`, the
 * local disk store in dev mode).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { workspace } = await requireWorkspace();
  const { relaypost } = runtime();
  try {
    if (signsUrls !== false) {
      try {
        const url = await relaypost.media.url(workspace.id, id, { expiresInSeconds: URL_SECONDS });
        signsUrls = true;
        return new Response(null, {
          status: 302,
          headers: { location: url, 'cache-control': `private, max-age=${REDIRECT_CACHE_SECONDS}` },
        });
      } catch (error) {
        // Only "nothing here signs URLs" falls back; a closed SDK, say, is an error.
        if (!ConfigurationError.isInstance(error) || error.setting !== 'mediaUrls') throw error;
        signsUrls = false;
      }
    }
    const [asset, bytes] = await Promise.all([
      relaypost.media.get(workspace.id, id),
      relaypost.media.read(workspace.id, id),
    ]);
    return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
      headers: {
        'content-type': asset.mimeType,
        'cache-control': 'private, max-age=3600',
        'content-security-policy': "default-src 'none'",
      },
    });
  } catch (error) {
    if (NotFoundError.isInstance(error)) return new Response('not found', { status: 404 });
    throw error;
  }
}
