import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';

/** The current workspace as one JSON file (`workspaces.export`: secrets left out). */
export async function GET() {
  const { workspace } = await requireWorkspace();
  const document = await runtime().relaypost.workspaces.export(workspace.id);
  const slug =
    workspace.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'workspace';
  const day = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="relaypost-${slug}-${day}.json"`,
      'cache-control': 'no-store',
    },
  });
}
