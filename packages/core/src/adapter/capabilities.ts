import type { MediaKind } from '../schemas/media.js';
import type { MetricsCapability } from './metrics.js';
import type { TextCounting } from './text-counting.js';

/** Limits for one kind of media on one platform. */
export interface MediaKindLimits {
  mimeTypes: readonly string[];
  maxBytes: number;
  /** How many of this kind one post may carry. */
  maxCount: number;
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Allowed width / height ratio, inclusive. */
  aspectRatio?: { min: number; max: number };
}

/**
 * What a platform supports, as data: the composer, validation and the workflows read it
 * instead of asking the adapter questions.
 */
export interface PlatformCapabilities {
  text: {
    maxLength: number;
    counting: TextCounting;
    /** A post must have text (e.g. X without media, LinkedIn). */
    required: boolean;
  };
  media: {
    /** Limits per media kind; a kind that is absent is not supported. */
    kinds: Partial<Record<MediaKind, MediaKindLimits>>;
    /** Most media items in one post, over all kinds. */
    maxItems: number;
    /** Whether one post may mix kinds (Instagram carousels: yes; X: no). */
    mixedKinds: boolean;
    /** A post must carry media (Instagram, TikTok, YouTube, Pinterest). */
    required: boolean;
    /** The platform fetches media from a URL (needs a `MediaUrlProvider`). */
    fetchedByUrl: boolean;
  };
  /** Long text can go out as a reply chain. */
  threads: boolean;
  /** Alt text on images, with its limit. */
  altText: { maxLength: number } | null;
  /** The adapter can add a first comment. */
  firstComment: boolean;
  /** Titles (YouTube, Pinterest, Reddit). */
  title: { maxLength: number; required: boolean } | null;
  /** The adapter can delete what it published. */
  delete: boolean;
  /** The engagement metrics the adapter can read, or null where the platform offers none. */
  metrics: MetricsCapability | null;
}
