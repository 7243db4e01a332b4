import { PLATFORM_IDS, type PlatformId, type Post, type PostStatus } from '@relaypost/core';
import type { AdminRelayPost } from '../sdk.js';

/** Names for platforms this deployment has no adapter for (configured ones use the adapter's). */
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

export const ALL_PLATFORMS: readonly PlatformId[] = PLATFORM_IDS;

export type PlatformInfo = ReturnType<AdminRelayPost['platforms']>[number];

/** The configured platforms by id. */
export function platformMap(relaypost: AdminRelayPost): Map<PlatformId, PlatformInfo> {
  return new Map(relaypost.platforms().map((p) => [p.platform, p]));
}

export const platformName = (relaypost: AdminRelayPost, platform: PlatformId): string =>
  relaypost.platforms().find((p) => p.platform === platform)?.displayName ??
  PLATFORM_NAMES[platform] ??
  platform;

/** Posts that can still change: what disconnecting an account or erasing would cancel. */
export const OPEN_STATUSES: readonly PostStatus[] = [
  'draft',
  'captioning',
  'awaiting_approval',
  'scheduled',
  'publishing',
];

/** Reads every page of a post listing (for small workspaces and bounded ranges). */
export async function listAllPosts(
  relaypost: AdminRelayPost,
  workspaceId: string,
  filter: Parameters<AdminRelayPost['posts']['list']>[1] = {},
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
