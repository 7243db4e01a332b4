import type { ConnectedAccount, PlatformId, Post, PostStatus, PostTarget } from '@relaypost/core';
import type { RelayPost } from '@relaypost/sdk';

/** Names for every platform, also those this deployment has no adapter for. */
export const PLATFORM_NAMES: Record<PlatformId, string> = {
  bluesky: 'Bluesky',
  x: 'X',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  instagram: 'Instagram',
  threads: 'Threads',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  pinterest: 'Pinterest',
  reddit: 'Reddit',
};

/** What `relaypost.platforms()` says about one configured platform. */
export type PlatformInfo = ReturnType<RelayPost['platforms']>[number];

/** Posts that can still change: what disconnecting an account or erasing a workspace stops. */
export const OPEN_STATUSES: readonly PostStatus[] = [
  'draft',
  'captioning',
  'awaiting_approval',
  'scheduled',
  'publishing',
];

/** Posts whose publish time can still move (dragging on the calendar, rescheduling). */
export const MOVABLE_STATUSES: readonly PostStatus[] = [
  'draft',
  'captioning',
  'awaiting_approval',
  'scheduled',
];

/**
 * An account handle with exactly one `@`, however the platform spells it (`@@fakechannel`
 * was shown before: some platforms' handles already carry the `@`).
 *
 * @example
 * ```ts
 * formatHandle('@fakechannel') // '@fakechannel'
 * formatHandle('acme.bsky.social') // '@acme.bsky.social'
 * ```
 */
export function formatHandle(handle: string): string {
  return `@${handle.replace(/^@+/, '')}`;
}

/**
 * `Bluesky @acme.bsky.social`: how the app names an account everywhere.
 *
 * @example
 * ```ts
 * accountLabel({ platform: 'x', handle: 'acme' }) // 'X @acme'
 * ```
 */
export function accountLabel(account: Pick<ConnectedAccount, 'platform' | 'handle'>): string {
  return `${PLATFORM_NAMES[account.platform]} ${formatHandle(account.handle)}`;
}

/**
 * A one-line name for a post: its first line of text, shortened.
 *
 * @example
 * ```ts
 * postTitle({ id, content: { text: 'Launch day!\nMore soon' }, targets: [] }) // 'Launch day!'
 * ```
 */
export function postTitle(post: {
  id: string;
  content: { text: string };
  targets: Array<{ text: string | null }>;
}): string {
  const text = post.content.text || post.targets.find((t) => t.text)?.text || '';
  const line =
    text
      .split(/\r?\n/)
      .find((l) => l.trim())
      ?.trim() ?? '';
  if (!line) return `Post ${post.id.slice(0, 8)}`;
  const chars = Array.from(line);
  return chars.length > 70 ? `${chars.slice(0, 69).join('')}…` : line;
}

/**
 * The platforms a post publishes (or published) to, for its icons: its targets that were not
 * cancelled, or, for a post that ended before publishing (every target cancelled), all of them.
 *
 * @example
 * ```ts
 * postPlatforms({ targets: [{ platform: 'x', status: 'cancelled' }, { platform: 'bluesky', status: 'pending' }] })
 * // ['bluesky']
 * ```
 */
export function postPlatforms(post: {
  targets: ReadonlyArray<Pick<PostTarget, 'platform' | 'status'>>;
}): PlatformId[] {
  const kept = post.targets.filter((t) => t.status !== 'cancelled');
  return [...new Set((kept.length ? kept : post.targets).map((t) => t.platform))];
}

/**
 * Reads every page of a post listing (bounded: for an example app's workspaces).
 *
 * @example
 * ```ts
 * const open = await listAllPosts(relaypost, workspace.id, { status: OPEN_STATUSES });
 * ```
 */
export async function listAllPosts(
  relaypost: RelayPost,
  workspaceId: string,
  filter: Parameters<RelayPost['posts']['list']>[1] = {},
  max = 2000,
): Promise<Post[]> {
  const posts: Post[] = [];
  let cursor: string | undefined;
  do {
    const page = await relaypost.posts.list(workspaceId, {
      ...filter,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    posts.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && posts.length < max);
  return posts;
}

/**
 * "expires in 5 days", "expired 2 hours ago" or "does not expire", and what it means for the user.
 *
 * @example
 * ```ts
 * describeExpiry(null).text // 'does not expire'
 * ```
 */
export function describeExpiry(
  expiresAt: string | null,
  now = Date.now(),
): { text: string; explanation: string; tone: 'ok' | 'soon' | 'expired' } {
  if (!expiresAt)
    return {
      text: 'does not expire',
      explanation: 'The platform gave a token without an end date.',
      tone: 'ok',
    };
  const ms = Date.parse(expiresAt) - now;
  const abs = Math.abs(ms);
  const unit =
    abs >= 2 * 86_400_000
      ? `${Math.round(abs / 86_400_000)} days`
      : abs >= 2 * 3_600_000
        ? `${Math.round(abs / 3_600_000)} hours`
        : `${Math.max(1, Math.round(abs / 60_000))} minutes`;
  if (ms < 0)
    return {
      text: `expired ${unit} ago`,
      explanation:
        'The access token has run out. Where the platform gave a refresh token, RelayPost renews it before publishing; if the platform refuses, the account is marked "needs reconnect" and must be reconnected.',
      tone: 'expired',
    };
  return {
    text: `expires in ${unit}`,
    explanation:
      'This is the access token. Where the platform gives a refresh token, the worker renews it shortly before it runs out and again before publishing; reconnect only when the account says "needs reconnect".',
    tone: ms < 7 * 86_400_000 ? 'soon' : 'ok',
  };
}
