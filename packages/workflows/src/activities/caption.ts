import { ConfigurationError, type PlatformId, ValidationError } from '@relaypost/core';
import type { CaptionLimit } from '../caption/service.js';
import type { ActivityDeps } from './deps.js';
import { asActivity } from './failures.js';
import type { LifecycleActivities } from './types.js';

/**
 * The AI caption activity: captions for every target platform from the workspace's own key,
 * written into the post (one shared text when every platform has the same limit, otherwise one
 * text per target), recorded as `post.caption_generated`.
 */
export function createCaptionActivities(deps: ActivityDeps): Pick<LifecycleActivities, 'generateCaption'> {
  const { store } = deps;
  return {
    generateCaption: ({ workspaceId, postId, eventId, actor, brief }) =>
      asActivity(async () => {
        const workspace = await store.workspaces.get(workspaceId);
        const apiKey = workspace.ai?.anthropicApiKey;
        if (!workspace.ai || !apiKey) {
          throw new ConfigurationError(
            `Workspace "${workspace.name}" has no Anthropic API key: set ai.anthropicApiKey in the workspace settings to generate captions.`,
            { setting: 'ai.anthropicApiKey' },
          );
        }
        if (!deps.captions) {
          throw new ConfigurationError(
            'AI captions are not enabled on this worker (no caption service configured).',
          );
        }
        const post = await store.posts.get(workspaceId, postId);
        const targets = post.targets.filter((t) => t.status !== 'cancelled');
        const limits: CaptionLimit[] = [];
        for (const platform of new Set(targets.map((t) => t.platform))) {
          const adapter = deps.adapters[platform];
          if (!adapter) throw new ConfigurationError(`No adapter is configured for ${platform}.`);
          const { maxLength, counting } = adapter.capabilities.text;
          limits.push({ platform, maxLength, counting });
        }
        const about = (brief ?? post.caption?.brief ?? post.content.text).trim();
        if (!about) {
          throw new ValidationError(
            [{ path: 'caption.brief', message: 'a caption needs a brief or post text to write about' }],
            'caption request',
          );
        }
        const result = await deps.captions.generate({
          apiKey,
          model: workspace.ai.model,
          brandVoiceSamples: workspace.ai.brandVoiceSamples,
          tone: workspace.ai.tone,
          brief: about,
          limits,
        });
        const captionOf = (platform: PlatformId) => {
          const text = result.captions[platform];
          if (text === undefined) throw new Error(`the caption service returned no caption for ${platform}`);
          return text;
        };
        const shared = new Set(limits.map((l) => `${l.maxLength}:${l.counting}`)).size <= 1;
        // Without `apply`, the workflow's own first caption is only recorded; a person asking for one applies it.
        const apply = post.caption?.apply !== false || actor.kind !== 'workflow';
        let version = post.version;
        if (apply && limits.length) {
          const first = limits[0]!.platform;
          const updated = await store.posts.update(workspaceId, postId, {
            content: shared ? { ...post.content, text: captionOf(first) } : post.content,
            targets: targets.map((t) => {
              const text = shared ? undefined : captionOf(t.platform);
              return {
                id: t.id,
                accountId: t.accountId,
                ...(text !== undefined ? { text } : {}),
                ...(t.mediaIds !== null ? { mediaIds: t.mediaIds } : {}),
                options: t.options as Record<string, never>,
              };
            }),
          });
          version = updated.version;
        }
        const platforms = limits.map((l) => l.platform);
        await store.history.append(workspaceId, {
          id: eventId,
          type: 'post.caption_generated',
          postId,
          actor,
          data: {
            model: result.model,
            platforms: platforms.join(','),
            applied: apply,
            version,
            ...(apply ? {} : { captions: Object.fromEntries(platforms.map((p) => [p, captionOf(p)])) }),
          },
        });
        return { version };
      }),
  };
}
