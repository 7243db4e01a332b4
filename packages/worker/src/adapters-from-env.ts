import type { PlatformAdapter, PlatformId } from '@relaypost/core';
import {
  createBluesky,
  createFacebook,
  createInstagram,
  createLinkedIn,
  createPinterest,
  createReddit,
  createThreads,
  createTikTok,
  createX,
  createYouTube,
} from '@relaypost/platforms';

type Env = NodeJS.ProcessEnv;

/** One platform's environment variables and how they become an adapter. */
interface PlatformFromEnv {
  /** Variables that must all be set for the platform to be enabled. */
  required: readonly string[];
  /** Variables it reads when set (named when the settings are invalid). */
  optional?: readonly string[];
  create(env: Env): PlatformAdapter;
}

const value = (env: Env, name: string): string => env[name] ?? '';
const optional = <K extends string>(key: K, v: string | undefined): { [P in K]?: string } =>
  (v ? { [key]: v } : {}) as { [P in K]?: string };

/**
 * Which variables enable which platform. Bluesky needs no app registration (accounts sign in with
 * app passwords), so it is always on; every other platform is on when its app's credentials are set.
 */
export const PLATFORM_ENV: Partial<Record<PlatformId, PlatformFromEnv>> = {
  bluesky: {
    required: [],
    optional: ['BLUESKY_SERVICE', 'BLUESKY_APP_URL'],
    // BLUESKY_APP_URL: where post links point, for a self-hosted PDS with its own app.
    create: (env) =>
      createBluesky({
        ...optional('service', env.BLUESKY_SERVICE),
        ...optional('appUrl', env.BLUESKY_APP_URL),
      }),
  },
  x: {
    required: ['X_CLIENT_ID'],
    create: (env) =>
      createX({ clientId: value(env, 'X_CLIENT_ID'), ...optional('clientSecret', env.X_CLIENT_SECRET) }),
  },
  facebook: {
    required: ['FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET'],
    create: (env) =>
      createFacebook({
        clientId: value(env, 'FACEBOOK_APP_ID'),
        clientSecret: value(env, 'FACEBOOK_APP_SECRET'),
      }),
  },
  instagram: {
    required: ['INSTAGRAM_APP_ID', 'INSTAGRAM_APP_SECRET'],
    create: (env) =>
      createInstagram({
        login: env.INSTAGRAM_LOGIN === 'facebook' ? 'facebook' : 'instagram',
        clientId: value(env, 'INSTAGRAM_APP_ID'),
        clientSecret: value(env, 'INSTAGRAM_APP_SECRET'),
      }),
  },
  linkedin: {
    required: ['LINKEDIN_CLIENT_ID', 'LINKEDIN_CLIENT_SECRET'],
    create: (env) =>
      createLinkedIn({
        clientId: value(env, 'LINKEDIN_CLIENT_ID'),
        clientSecret: value(env, 'LINKEDIN_CLIENT_SECRET'),
        ...optional('apiVersion', env.LINKEDIN_API_VERSION),
      }),
  },
  pinterest: {
    required: ['PINTEREST_APP_ID', 'PINTEREST_APP_SECRET'],
    create: (env) =>
      createPinterest({
        clientId: value(env, 'PINTEREST_APP_ID'),
        clientSecret: value(env, 'PINTEREST_APP_SECRET'),
      }),
  },
  reddit: {
    // Reddit refuses clients without a descriptive User-Agent naming the app and its owner.
    required: ['REDDIT_CLIENT_ID', 'REDDIT_CLIENT_SECRET', 'REDDIT_USERNAME'],
    create: (env) =>
      createReddit({
        clientId: value(env, 'REDDIT_CLIENT_ID'),
        clientSecret: value(env, 'REDDIT_CLIENT_SECRET'),
        userAgent: {
          platform: env.REDDIT_UA_PLATFORM ?? 'web',
          appId: env.REDDIT_APP_ID ?? 'relaypost',
          version: env.REDDIT_APP_VERSION ?? '1.0.0',
          username: value(env, 'REDDIT_USERNAME'),
        },
      }),
  },
  threads: {
    required: ['THREADS_APP_ID', 'THREADS_APP_SECRET'],
    create: (env) =>
      createThreads({
        clientId: value(env, 'THREADS_APP_ID'),
        clientSecret: value(env, 'THREADS_APP_SECRET'),
      }),
  },
  tiktok: {
    required: ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET'],
    create: (env) =>
      createTikTok({
        clientKey: value(env, 'TIKTOK_CLIENT_KEY'),
        clientSecret: value(env, 'TIKTOK_CLIENT_SECRET'),
      }),
  },
  youtube: {
    required: ['YOUTUBE_CLIENT_ID', 'YOUTUBE_CLIENT_SECRET'],
    create: (env) =>
      createYouTube({
        clientId: value(env, 'YOUTUBE_CLIENT_ID'),
        clientSecret: value(env, 'YOUTUBE_CLIENT_SECRET'),
      }),
  },
};

/**
 * The adapters this deployment can publish with, from environment variables: each platform whose
 * app credentials are set (see `PLATFORM_ENV`). Invalid values fail here, at start-up, naming the
 * platform. `WORKER_PLATFORMS` (see the config) then picks which publish queues a process serves.
 *
 * @example
 * ```ts
 * const adapters = adaptersFromEnv({ X_CLIENT_ID: 'abc' }); // { bluesky, x }
 * ```
 */
export function adaptersFromEnv(env: Env): Partial<Record<PlatformId, PlatformAdapter>> {
  const adapters: Partial<Record<PlatformId, PlatformAdapter>> = {};
  for (const [platform, spec] of Object.entries(PLATFORM_ENV) as Array<[PlatformId, PlatformFromEnv]>) {
    if (!spec.required.every((name) => env[name])) continue;
    try {
      adapters[platform] = spec.create(env);
    } catch (error) {
      throw new Error(
        `${platform}: invalid settings (${[...spec.required, ...(spec.optional ?? [])].join(', ')}): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return adapters;
}
