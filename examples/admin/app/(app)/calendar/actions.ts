'use server';
import type { PlatformId, PostStatus } from '@relaypost/core';
import { listAllPosts, MOVABLE_STATUSES, postPlatforms, postTitle } from '@/src/lib/platforms';
import { runtime } from '@/src/runtime';
import { sdkFilter } from '@/src/server/post-filter';
import { requireWorkspace } from '@/src/server/session';
import type { Filters } from '@/src/ui/PostFilters';

/** One post on the calendar. */
export interface CalendarPost {
  id: string;
  title: string;
  start: string;
  status: PostStatus;
  platforms: PlatformId[];
  movable: boolean;
}

/** The posts with a publish time in [from, to), filtered as the URL says. */
export async function loadCalendarPosts(
  range: { from: string; to: string },
  filters: Filters,
): Promise<CalendarPost[]> {
  const { workspace } = await requireWorkspace();
  const posts = await listAllPosts(runtime().relaypost, workspace.id, {
    ...sdkFilter({ ...filters, from: '', to: '' }, workspace.timeZone),
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
  });
  return posts.map((p) => ({
    id: p.id,
    title: postTitle(p),
    // A post sent "as soon as possible" sits where it was published (or created, until then).
    start:
      p.publishAt?.at ??
      p.targets.map((t) => t.result.publishedAt).find((at): at is string => at !== null) ??
      p.createdAt,
    status: p.status,
    platforms: postPlatforms(p),
    movable: p.publishAt !== null && MOVABLE_STATUSES.includes(p.status),
  }));
}
