import { describe, expect, it } from 'vitest';
import { adaptersFromEnv } from '../src/adapters-from-env.js';

describe('adaptersFromEnv', () => {
  it('always has Bluesky, and each other platform once its app credentials are set', () => {
    expect(Object.keys(adaptersFromEnv({}))).toEqual(['bluesky']);
    const adapters = adaptersFromEnv({
      X_CLIENT_ID: 'x-id',
      YOUTUBE_CLIENT_ID: 'yt-id',
      YOUTUBE_CLIENT_SECRET: 'yt-secret',
      TIKTOK_CLIENT_KEY: 'only-half',
    });
    expect(Object.keys(adapters).sort()).toEqual(['bluesky', 'x', 'youtube']);
    expect(adapters.x?.platform).toBe('x');
    expect(adapters.youtube?.auth.kind).toBe('oauth2');
  });

  it('names the platform whose settings are invalid', () => {
    expect(() => adaptersFromEnv({ BLUESKY_SERVICE: 'not a url' })).toThrow(/^bluesky: invalid settings/);
  });
});
