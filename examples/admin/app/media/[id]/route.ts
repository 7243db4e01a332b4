import { NotFoundError } from '@relaypost/core';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';

/**
 * A media item's bytes, for thumbnails and previews, to members of its workspace only. Read
 * through the media store the SDK writes to (the SDK has no read method; see README).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { workspace } = await requireWorkspace();
  const { relaypost, mediaStore } = runtime();
  try {
    const asset = await relaypost.media.get(workspace.id, id);
    const bytes = await mediaStore.read(asset);
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
