import type { PlatformId, Post, PostMetrics } from '@relaypost/core';
import type { AnalyticsApi } from '../interface.js';
import type { SdkContext } from '../relaypost.js';
import { objectArgument } from './arguments.js';

export interface PlatformStats {
  platform: PlatformId;
  published: number;
  failed: number;
  uncertain: number;
  /** published / (published + failed + uncertain); null when nothing finished. */
  successRate: number | null;
  /** Lateness of publishes (platform receipt minus scheduled time), in milliseconds. */
  latenessMs: { p50: number | null; p99: number | null; max: number | null };
}

export interface AnalyticsSummary {
  from: string;
  to: string;
  posts: number;
  byPlatform: PlatformStats[];
  /** Published targets per day (UTC) and platform, for charts. */
  daily: Array<{ day: string; platform: PlatformId; published: number; failed: number }>;
}

/** Nearest-rank quantile of ascending values: the smallest value with at least `q` of all at or below it. */
const quantile = (sorted: number[], q: number): number | null =>
  sorted.length === 0
    ? null
    : (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null);

/** Analytics from the store: outcomes per platform and period, success rates, publish lateness. */
export function createAnalyticsApi(ctx: SdkContext): AnalyticsApi {
  return {
    async summary(workspaceId: string, period: { from: string; to: string }): Promise<AnalyticsSummary> {
      const range = objectArgument(period, 'range');
      const posts: Post[] = [];
      let cursor: string | undefined;
      do {
        const page = await ctx.store.posts.list(workspaceId, {
          from: range.from,
          to: range.to,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        posts.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const stats = new Map<
        PlatformId,
        { published: number; failed: number; uncertain: number; lateness: number[] }
      >();
      const daily = new Map<
        string,
        { day: string; platform: PlatformId; published: number; failed: number }
      >();
      for (const post of posts) {
        for (const target of post.targets) {
          const entry = stats.get(target.platform) ?? { published: 0, failed: 0, uncertain: 0, lateness: [] };
          stats.set(target.platform, entry);
          const day = (target.result.publishedAt ?? post.publishAt?.at ?? post.createdAt).slice(0, 10);
          const bucket = daily.get(`${day}|${target.platform}`) ?? {
            day,
            platform: target.platform,
            published: 0,
            failed: 0,
          };
          daily.set(`${day}|${target.platform}`, bucket);
          if (target.status === 'published') {
            entry.published++;
            bucket.published++;
            if (target.result.publishedAt && post.publishAt) {
              entry.lateness.push(
                Math.max(0, Date.parse(target.result.publishedAt) - Date.parse(post.publishAt.at)),
              );
            }
          } else if (target.status === 'failed') {
            entry.failed++;
            bucket.failed++;
          } else if (target.status === 'uncertain') {
            entry.uncertain++;
          }
        }
      }
      return {
        from: range.from,
        to: range.to,
        posts: posts.length,
        byPlatform: [...stats].map(([platform, s]) => {
          const finished = s.published + s.failed + s.uncertain;
          const sorted = [...s.lateness].sort((a, b) => a - b);
          return {
            platform,
            published: s.published,
            failed: s.failed,
            uncertain: s.uncertain,
            successRate: finished ? s.published / finished : null,
            latenessMs: {
              p50: quantile(sorted, 0.5),
              p99: quantile(sorted, 0.99),
              max: sorted.at(-1) ?? null,
            },
          };
        }),
        daily: [...daily.values()].sort((a, b) =>
          a.day === b.day ? a.platform.localeCompare(b.platform) : a.day.localeCompare(b.day),
        ),
      };
    },

    /** Engagement numbers for a published target, where its platform offers them. */
    async targetMetrics(workspaceId: string, postId: string, targetId: string): Promise<PostMetrics | null> {
      const post = await ctx.store.posts.get(workspaceId, postId);
      const target = post.targets.find((t) => t.id === targetId);
      const adapter = target ? ctx.adapters[target.platform] : undefined;
      if (!target?.result.externalId || !adapter?.getMetrics) return null;
      const account = await ctx.store.accounts.get(workspaceId, target.accountId);
      return adapter.getMetrics({
        account: {
          id: account.id,
          externalId: account.externalId,
          handle: account.handle,
          metadata: account.metadata,
        },
        credentials: await ctx.store.accounts.getCredentials(workspaceId, account.id),
        externalId: target.result.externalId,
      });
    },
  };
}
