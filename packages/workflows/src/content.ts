import type {
  AdapterContent,
  ConnectedAccount,
  MediaAsset,
  PlatformAdapter,
  PlatformId,
  Post,
  PostTarget,
  ValidationIssue,
} from '@relaypost/core';

/** The content one target publishes: the post's, with the target's overrides applied. */
export function contentForTarget(
  post: Pick<Post, 'content'>,
  target: Pick<PostTarget, 'text' | 'mediaIds' | 'options'>,
  media: ReadonlyMap<string, MediaAsset>,
): AdapterContent {
  const mediaIds = target.mediaIds ?? post.content.mediaIds;
  return {
    text: target.text ?? post.content.text,
    media: mediaIds.map((id) => {
      const asset = media.get(id);
      if (!asset) throw new Error(`media ${id} is missing`);
      return asset;
    }),
    thread: post.content.thread,
    options: target.options,
  };
}

export type AdapterLookup = Partial<Record<PlatformId, PlatformAdapter>>;

/**
 * Checks a post against every target's platform: options through the adapter's schema, then
 * the adapter's limits. Issue paths point into the post (`targets.1.text`, `targets.0.options.title`).
 */
export function validateForTargets(input: {
  post: Pick<Post, 'content'>;
  targets: ReadonlyArray<Pick<PostTarget, 'text' | 'mediaIds' | 'options'> & { accountId: string }>;
  accounts: ReadonlyMap<string, Pick<ConnectedAccount, 'platform'>>;
  media: ReadonlyMap<string, MediaAsset>;
  adapters: AdapterLookup;
}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  input.targets.forEach((target, index) => {
    const prefix = `targets.${index}`;
    const account = input.accounts.get(target.accountId);
    if (!account) {
      issues.push({ path: `${prefix}.accountId`, message: 'account not found in this workspace' });
      return;
    }
    const adapter = input.adapters[account.platform];
    if (!adapter) {
      issues.push({
        path: `${prefix}.accountId`,
        message: `no adapter is configured for ${account.platform}`,
      });
      return;
    }
    const options = adapter.optionsSchema.safeParse(target.options);
    if (!options.success) {
      for (const issue of options.error.issues) {
        issues.push({
          path: [prefix, 'options', ...issue.path.map(String)].join('.'),
          message: issue.message,
        });
      }
      return;
    }
    let content: AdapterContent;
    try {
      content = contentForTarget(input.post, { ...target, options: options.data }, input.media);
    } catch (error) {
      issues.push({
        path: `${prefix}.mediaIds`,
        message: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    for (const issue of adapter.validate(content)) {
      issues.push({
        ...issue,
        path: `${prefix}.${issue.path}`,
        message: `${adapter.displayName}: ${issue.message}`,
      });
    }
  });
  return issues;
}
