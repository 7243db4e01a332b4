import type { Credentials, CredentialsInput } from '../schemas/account.js';
import type { JsonValue } from '../schemas/common.js';
import type { AdapterAccount, PublishedPart } from './spec.js';

/**
 * Engagement metrics under one set of names, whatever each platform calls them. A platform maps
 * what it reports onto these and keeps its own fields in `raw`; a metric it does not report is
 * absent, never 0.
 */
export const METRIC_NAMES = [
  /** Times the post was shown (X impressions, LinkedIn impressions, Instagram/Facebook impressions). */
  'impressions',
  /** Distinct accounts that saw it (Instagram/Facebook reach, LinkedIn unique impressions). */
  'reach',
  /** Views of the post itself (Threads views, TikTok and YouTube view counts, Pinterest impressions of a video pin). */
  'views',
  'likes',
  /** Replies and comments. */
  'replies',
  /** Reposts, retweets, reshares. */
  'reposts',
  /** Quote posts. */
  'quotes',
  /** Shares outside the platform's repost (Facebook shares, TikTok shares, Instagram shares). */
  'shares',
  /** Saves and bookmarks (Instagram saved, Pinterest saves, X bookmarks). */
  'saves',
  /** Link or URL clicks. */
  'clicks',
  /** Visits to the account's profile from the post. */
  'profileVisits',
  /** Follows gained from the post. */
  'follows',
  /** Video plays or views. */
  'videoViews',
  /** Total watch time, milliseconds. */
  'watchTimeMs',
  /** Average watch time per view, milliseconds. */
  'averageWatchTimeMs',
  /** The platform's own engagement total, where it reports one. */
  'engagements',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** What a platform can report, as capability data (`capabilities.metrics`). */
export interface MetricsCapability {
  /** The metrics this adapter can report (some only for some account or media types). */
  names: readonly MetricName[];
  /** The scopes or permissions reading them needs, beyond publishing's. */
  scopes: readonly string[];
  /** What limits them, in words: account types, media types, how long after publishing. */
  note?: string;
}

/** What `getMetrics` is asked for: one published target. */
export interface MetricsRequest {
  account: AdapterAccount;
  credentials: Credentials;
  /** The platform's id of the post (the first part of a thread). */
  externalId: string;
  /** Every part of a thread, when there are several; metrics are summed over them where that is meaningful. */
  parts?: readonly PublishedPart[];
  /** When the post was published (ISO instant). */
  publishedAt?: string | null;
  signal?: AbortSignal;
  /** The adapter refreshed the credentials while reading: save these. */
  onCredentialsRefreshed?: (credentials: CredentialsInput) => Promise<void>;
}

/** One reading of a published post's metrics. */
export interface PostMetrics {
  /** Normalised values; absent where the platform reports nothing. */
  values: Partial<Record<MetricName, number>>;
  /** The platform's own fields, as it sent them. */
  raw: Record<string, JsonValue>;
  /** When the platform measured them (its own timestamp where it gives one), ISO instant. */
  measuredAt: string;
}
