import { z } from 'zod';

/**
 * Every platform RelayPost knows. The adapter registry in `@relaypost/platforms` is checked
 * against this list at compile time, so the two cannot drift apart.
 */
export const PLATFORM_IDS = [
  'bluesky',
  'x',
  'linkedin',
  'facebook',
  'instagram',
  'threads',
  'tiktok',
  'youtube',
  'pinterest',
  'reddit',
] as const;

export type PlatformId = (typeof PLATFORM_IDS)[number];
export const platformIdSchema = z.enum(PLATFORM_IDS);
