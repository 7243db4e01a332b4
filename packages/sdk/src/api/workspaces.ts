import type { CreateWorkspaceInput, UpdateWorkspaceInput, Workspace, WorkspaceExport } from '@relaypost/core';
import { postWorkflowId } from '@relaypost/workflows';
import type { SdkContext } from '../relaypost.js';

/** Workspaces: settings (time zone, AI, Telegram, webhook), export and erasure. */
export function createWorkspacesApi(ctx: SdkContext) {
  return {
    create: (input: CreateWorkspaceInput): Promise<Workspace> => ctx.store.workspaces.create(input),
    get: (workspaceId: string): Promise<Workspace> => ctx.store.workspaces.get(workspaceId),
    update: (workspaceId: string, input: UpdateWorkspaceInput): Promise<Workspace> =>
      ctx.store.workspaces.update(workspaceId, input),
    list: (options?: { limit?: number; cursor?: string }) => ctx.store.workspaces.list(options),
    /** Everything the workspace holds as one JSON document, secrets left out. */
    export: (workspaceId: string): Promise<WorkspaceExport> => ctx.store.workspaces.export(workspaceId),
    /**
     * Erases the workspace and everything in it; tokens are deleted at once and the workflows
     * of its pending posts are stopped.
     */
    async erase(workspaceId: string): Promise<{ stoppedWorkflows: number }> {
      const { pendingPostIds } = await ctx.store.workspaces.erase(workspaceId);
      let stoppedWorkflows = 0;
      for (const postId of pendingPostIds) {
        try {
          await ctx.temporal.workflow
            .getHandle(postWorkflowId(workspaceId, postId))
            .terminate('workspace erased');
          stoppedWorkflows++;
        } catch {
          // Already finished or never started: nothing to stop.
        }
      }
      return { stoppedWorkflows };
    },
  };
}
