import {
  type Actor,
  actorSchema,
  type CreateWorkspaceInput,
  createWorkspaceInputSchema,
  DEFAULT_CAPTION_MODEL,
  parseOrThrow,
  type UpdateWorkspaceInput,
  updateWorkspaceInputSchema,
  type Workspace,
  type WorkspaceExport,
} from '@relaypost/core';
import { checkAnthropicKey } from '../ai-key-check.js';
import type { WorkspacesApi } from '../interface.js';
import type { SdkContext } from '../relaypost.js';

/** Workspaces: settings (time zone, AI, Telegram, webhook), export and erasure. */
export function createWorkspacesApi(ctx: SdkContext): WorkspacesApi {
  return {
    /** Creates a workspace; an Anthropic key is checked with Anthropic before it is saved. */
    async create(input: CreateWorkspaceInput): Promise<Workspace> {
      const parsed = parseOrThrow(createWorkspaceInputSchema, input, 'workspace');
      const key = parsed.ai?.anthropicApiKey;
      if (key)
        await checkAnthropicKey(
          { apiKey: key, model: parsed.ai?.model ?? DEFAULT_CAPTION_MODEL },
          ctx.anthropic,
        );
      return ctx.store.workspaces.create(parsed);
    },
    get: async (workspaceId: string): Promise<Workspace> => ctx.store.workspaces.get(workspaceId),
    /** Changes settings; a new Anthropic key is checked with Anthropic before it is saved. */
    async update(
      workspaceId: string,
      input: UpdateWorkspaceInput,
      by: Actor = { kind: 'api' },
    ): Promise<Workspace> {
      const parsed = parseOrThrow(updateWorkspaceInputSchema, input, 'workspace');
      const actor = parseOrThrow(actorSchema, by, 'actor');
      const key = parsed.ai?.anthropicApiKey;
      if (key)
        await checkAnthropicKey(
          { apiKey: key, model: parsed.ai?.model ?? DEFAULT_CAPTION_MODEL },
          ctx.anthropic,
        );
      const updated = await ctx.store.workspaces.update(workspaceId, parsed);
      // Which settings changed, never their values (they may hold secrets).
      await ctx.store.history.append(workspaceId, {
        type: 'workspace.updated',
        actor,
        data: { fields: Object.keys(parsed).sort().join(',') },
      });
      return updated;
    },
    list: async (options?: { limit?: number; cursor?: string }) => ctx.store.workspaces.list(options),
    /** Everything the workspace holds as one JSON document, secrets left out. */
    export: async (workspaceId: string): Promise<WorkspaceExport> => ctx.store.workspaces.export(workspaceId),
    /**
     * Erases the workspace and everything in it; tokens are deleted at once and the workflows
     * of its pending posts are stopped.
     */
    async erase(workspaceId: string): Promise<{ stoppedWorkflows: number }> {
      const { pendingPostIds } = await ctx.store.workspaces.erase(workspaceId);
      let stoppedWorkflows = 0;
      for (const postId of pendingPostIds) {
        if (await ctx.workflows.terminate(workspaceId, postId, 'workspace erased')) stoppedWorkflows++;
      }
      return { stoppedWorkflows };
    },
  };
}
