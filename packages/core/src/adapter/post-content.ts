import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import type { ConnectedAccount } from '../schemas/account.js';
import type { MediaAsset } from '../schemas/media.js';
import type { PlatformId } from '../schemas/platform.js';
import type { Post, PostContent, PostTarget } from '../schemas/post.js';
import type { RelayPostStore } from '../store/types.js';
import type { AdapterContent, PlatformAdapter } from './spec.js';

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

/** The adapters an app or worker has configured, by platform. */
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

/** A post's content and targets as `createPost` and an edit give them, before they are stored. */
export interface PostDraft {
  content: PostContent;
  targets: ReadonlyArray<{
    accountId: string;
    text?: string | null | undefined;
    mediaIds?: readonly string[] | null | undefined;
    options?: Record<string, unknown> | undefined;
  }>;
}

/**
 * Checks a draft against every target's platform, reading its accounts and media from the store:
 * the one check a post passes when it is created and again when it is edited. Throws a
 * `ValidationError` whose paths point into the draft (`targets.1.text`).
 *
 * @example
 * ```ts
 * await checkPostForTargets({ store, adapters, workspaceId, draft: { content, targets } });
 * ```
 */
export async function checkPostForTargets(input: {
  store: RelayPostStore;
  adapters: AdapterLookup;
  workspaceId: string;
  draft: PostDraft;
  /** Names the input in the error's message (`post`, `edit`). */
  context?: string;
  /**
   * The text is about to be replaced by an AI caption (a caption request that applies): its brief
   * is an instruction, not the text, so only the caption that comes back is held to the text
   * limits; everything else (media, options) is checked now.
   */
  textFromCaption?: boolean;
}): Promise<void> {
  const { store, workspaceId, draft } = input;
  const mediaIds = new Set([...draft.content.mediaIds, ...draft.targets.flatMap((t) => t.mediaIds ?? [])]);
  const [accounts, media] = await Promise.all([
    store.accounts.list(workspaceId),
    mediaIds.size > 0 ? store.media.getMany(workspaceId, [...mediaIds]) : Promise.resolve([]),
  ]);
  const issues = validateForTargets({
    post: { content: draft.content },
    targets: draft.targets.map((t) => ({
      accountId: t.accountId,
      text: t.text ?? null,
      mediaIds: t.mediaIds ? [...t.mediaIds] : null,
      options: t.options ?? {},
    })),
    accounts: new Map(accounts.map((a) => [a.id, a])),
    media: new Map(media.map((m) => [m.id, m])),
    adapters: input.adapters,
  });
  const checked = input.textFromCaption
    ? issues.filter((issue) => !/^targets\.\d+\.text$/.test(issue.path))
    : issues;
  if (checked.length > 0) throw new ValidationError(checked, input.context ?? 'post');
}
