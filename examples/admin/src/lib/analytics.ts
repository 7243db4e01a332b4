import type { Post } from '@relaypost/core';
import { zonedDate } from './time';

/** Published and failed targets on one day of the workspace's zone. */
export interface DayOutcome {
  day: string;
  published: number;
  failed: number;
}

/**
 * Outcomes per day in the workspace's zone (the SDK's summary buckets days in UTC; see README):
 * a target counts on the day it was published, or, when it failed, the day it was due.
 *
 * @example
 * ```ts
 * outcomesPerDay(posts, 'Europe/Berlin', ['2026-07-01', '2026-07-02'])
 * // [{ day: '2026-07-01', published: 3, failed: 0 }, { day: '2026-07-02', published: 1, failed: 1 }]
 * ```
 */
export function outcomesPerDay(posts: readonly Post[], zone: string, days: readonly string[]): DayOutcome[] {
  const byDay = new Map(days.map((day) => [day, { day, published: 0, failed: 0 }]));
  for (const post of posts) {
    for (const target of post.targets) {
      if (target.status !== 'published' && target.status !== 'failed') continue;
      const when = target.result.publishedAt ?? post.publishAt?.at ?? target.updatedAt;
      const bucket = byDay.get(zonedDate(when, zone));
      if (!bucket) continue;
      if (target.status === 'published') bucket.published++;
      else bucket.failed++;
    }
  }
  return [...byDay.values()];
}

/**
 * `850 ms`, `1.2 s`, `3 min`; a dash when there is nothing.
 *
 * @example
 * ```ts
 * formatDuration(1200) // '1.2 s'
 * ```
 */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
