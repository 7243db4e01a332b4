import { credentialsFromInput } from '@relaypost/core';
import { createBlueskyFake } from '@relaypost/platforms/testing';
import { describe, expect, it } from 'vitest';
import { adaptersFromEnv } from './adapters-from-env.js';

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

describe('Bluesky from the environment', () => {
  it('takes BLUESKY_SERVICE and BLUESKY_APP_URL, so post links point at a self-hosted app', async () => {
    const pds = await createBlueskyFake({ identifier: 'alice.test', password: 'app-pass-word-1234' });
    try {
      const { bluesky } = adaptersFromEnv({
        BLUESKY_SERVICE: pds.adapterOptions().service,
        BLUESKY_APP_URL: 'https://social.example/',
      });
      if (bluesky?.auth.kind !== 'password') throw new Error('Bluesky is always on, with app passwords');
      const login = await bluesky.auth.login({ identifier: 'alice.test', password: 'app-pass-word-1234' });
      const result = await bluesky.publish({
        account: { id: 'a1', externalId: login.externalId, handle: login.handle, metadata: {} },
        credentials: credentialsFromInput(login.credentials),
        content: { text: 'hello from a self-hosted PDS', media: [], thread: false, options: {} },
        media: { read: () => Promise.reject(new Error('no media')) } as never,
        idempotencyKey: 'k-1',
      });
      expect(result.url).toMatch(/^https:\/\/social\.example\/profile\/alice\.test\/post\/[a-z0-9]+$/);
    } finally {
      await pds.close();
    }
  });

  it('names BLUESKY_APP_URL when it is not a URL', () => {
    expect(() => adaptersFromEnv({ BLUESKY_APP_URL: 'social.example' })).toThrow(/BLUESKY_APP_URL/);
  });
});
