import type { PlatformId, Secret, TextCounting } from '@relaypost/core';

/** One platform's text limit, as the caption must respect it. */
export interface CaptionLimit {
  platform: PlatformId;
  maxLength: number;
  counting: TextCounting;
}

export interface CaptionRequest {
  /** The workspace's own Anthropic key; revealed only inside the service. */
  apiKey: Secret;
  model: string;
  brandVoiceSamples: readonly string[];
  tone: string | null;
  /** What the post is about (the caption brief, or the post's text). */
  brief: string;
  /** One entry per target platform. */
  limits: readonly CaptionLimit[];
}

export interface CaptionResult {
  /** A caption for every platform in the request, each within that platform's limit. */
  captions: Partial<Record<PlatformId, string>>;
  model: string;
}

/**
 * Writes captions with AI. One caption per group of platforms that share a limit; every caption
 * is counted the platform's way and shortened or regenerated when it is over.
 */
export interface CaptionService {
  generate(request: CaptionRequest): Promise<CaptionResult>;
}
