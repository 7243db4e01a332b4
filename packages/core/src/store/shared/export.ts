import type { ConnectedAccount } from '../../schemas/account.js';
import type { HistoryEvent } from '../../schemas/history.js';
import type { MediaAsset } from '../../schemas/media.js';
import type { Post } from '../../schemas/post.js';
import type { WorkspaceExport } from '../types.js';
import type { WorkspaceRecord } from './records.js';
import { exportedWorkspace } from './workspace.js';

/** Assembles the version 1 export document. Nothing here is decrypted, so no secret can slip in. */
export function buildWorkspaceExport(
  workspace: WorkspaceRecord,
  parts: { accounts: ConnectedAccount[]; posts: Post[]; media: MediaAsset[]; history: HistoryEvent[] },
  now: string,
): WorkspaceExport {
  return {
    format: 'relaypost.workspace-export',
    version: 1,
    exportedAt: now,
    workspace: exportedWorkspace(workspace),
    ...parts,
  };
}
