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
import {
  createBlueskyFake,
  createFacebookFake,
  createInstagramFake,
  createLinkedInFake,
  createPinterestFake,
  createRedditFake,
  createThreadsFake,
  createTikTokFake,
  createXFake,
  createYouTubeFake,
  type PlatformFake,
} from '@relaypost/platforms/testing';
import {
  type AnthropicFake,
  createAnthropicFake,
  createTelegramFake,
  type TelegramFake,
} from '@relaypost/workflows/testing';

/** Credentials the sandbox's fakes accept; the admin app's forms take exactly these. */
export const SANDBOX_CREDENTIALS = {
  bluesky: { identifier: 'sandbox.bsky.social', appPassword: 'sand-box0-app0-pass' },
  telegramBotToken: '123456:sandbox-bot-token',
  anthropicApiKey: 'sk-ant-sandbox-key',
} as const;

export interface Sandbox {
  /** An adapter per platform, each pointed at its fake server. */
  adapters: Partial<Record<PlatformId, PlatformAdapter>>;
  fakes: PlatformFake[];
  telegram: { apiRoot: string; fake: TelegramFake };
  anthropic: { baseUrl: string; fake: AnthropicFake };
  credentials: typeof SANDBOX_CREDENTIALS;
  stop(): Promise<void>;
}

/**
 * Every platform, Telegram and Anthropic as local fakes that speak their wire formats, for dev
 * mode without real accounts and for end-to-end tests. Nothing leaves the machine.
 */
export async function startSandbox(): Promise<Sandbox> {
  const closers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    const track = <T extends { close(): Promise<void> }>(fake: T): T => {
      closers.push(() => fake.close());
      return fake;
    };
    const bluesky = track(
      await createBlueskyFake({
        identifier: SANDBOX_CREDENTIALS.bluesky.identifier,
        password: SANDBOX_CREDENTIALS.bluesky.appPassword,
      }),
    );
    const x = track(await createXFake());
    const facebook = track(await createFacebookFake());
    const instagram = track(await createInstagramFake());
    const linkedin = track(await createLinkedInFake());
    const pinterest = track(await createPinterestFake());
    const reddit = track(await createRedditFake());
    const threads = track(await createThreadsFake());
    const tiktok = track(await createTikTokFake());
    const youtube = track(await createYouTubeFake());
    const telegram = track(await createTelegramFake({ token: SANDBOX_CREDENTIALS.telegramBotToken }));
    const anthropic = track(await createAnthropicFake({ apiKeys: [SANDBOX_CREDENTIALS.anthropicApiKey] }));
    return {
      adapters: {
        bluesky: createBluesky(bluesky.adapterOptions()),
        x: createX(x.adapterOptions()),
        facebook: createFacebook(facebook.adapterOptions()),
        instagram: createInstagram(instagram.adapterOptions()),
        linkedin: createLinkedIn(linkedin.adapterOptions()),
        pinterest: createPinterest(pinterest.adapterOptions()),
        reddit: createReddit({
          ...reddit.adapterOptions(),
          userAgent: { platform: 'web', appId: 'relaypost-sandbox', version: '1.0.0', username: 'relaypost' },
        }),
        threads: createThreads(threads.adapterOptions()),
        tiktok: createTikTok(tiktok.adapterOptions()),
        youtube: createYouTube(youtube.adapterOptions()),
      },
      fakes: [bluesky, x, facebook, instagram, linkedin, pinterest, reddit, threads, tiktok, youtube],
      telegram: { apiRoot: telegram.url, fake: telegram },
      anthropic: { baseUrl: anthropic.url, fake: anthropic },
      credentials: SANDBOX_CREDENTIALS,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
