import {
  createKeyring,
  createMemoryStore,
  generateEncryptionKey,
  type MediaStore,
  type MediaUrlProvider,
  type PlatformAdapter,
  type PlatformId,
  type Post,
  type RelayPostStore,
} from '@relaypost/core';
import type { CaptionRequest, CaptionResult, CaptionService } from '@relaypost/workflows';
import type { AnthropicKeyCheckOptions } from '../ai-key-check.js';
import type { PostWithState } from '../api/posts.js';
import { Gate } from '../gate.js';
import type { RelayPost } from '../interface.js';
import type { UrlDownloadOptions } from '../media/download.js';
import { relayPostOver, sdkContext } from '../relaypost.js';
import { createTestClock, toMillis } from './clock.js';
import { createTestEngine } from './engine.js';
import { createMemoryMediaStore } from './memory-media-store.js';

/** Options of {@link createTestRelayPost}. */
export interface TestRelayPostOptions {
  /** The platforms the app offers, as for `createRelayPost` (point them at the fakes of `@relaypost/platforms/testing`). */
  adapters: Partial<Record<PlatformId, PlatformAdapter>>;
  /** Where the clock starts (a `Date`, an ISO string or milliseconds); default: the time of the call. */
  now?: Date | string | number;
  /**
   * Writes AI captions, in place of the worker's Anthropic caption service: a `CaptionService`, or
   * a function from the request (brief, limits per platform) to the captions. Without it a caption
   * fails as on a worker without captions (the post goes back to draft with the reason).
   */
  captions?: CaptionService | ((request: CaptionRequest) => CaptionResult | Promise<CaptionResult>);
  /** Where uploads go; default a store in process memory. */
  mediaStore?: MediaStore;
  /** URLs for adapters of platforms that fetch media; default none (those adapters refuse media). */
  mediaUrls?: MediaUrlProvider;
  /** As for `createRelayPost`. */
  urlDownloads?: UrlDownloadOptions;
  /** As for `createRelayPost`. Default 15 minutes. */
  oauthStateTtlSeconds?: number;
  /**
   * How a workspace's Anthropic key is checked when it is saved. Default: not checked (no network);
   * pass `{ baseURL }` of an Anthropic fake to check keys as `createRelayPost` does.
   */
  anthropic?: AnthropicKeyCheckOptions;
}

/** An approver on Telegram, as the worker's bridge names one (`{ kind: 'telegram', id }`). */
export interface TelegramApprover {
  userId: number | string;
  name?: string;
}

/** What the test drives the double with, beside the `RelayPost` interface. */
export interface TestControls {
  /** The double's clock: it stands still until the test moves it. */
  now(): Date;
  /**
   * Moves the clock to `at` and takes, in time order, every step that falls due on the way:
   * approval deadlines, then publishes through the adapters. Returns the posts that ended.
   */
  advanceTo(at: Date | string | number): Promise<Post[]>;
  /** `advanceTo(now + ms)`. */
  advanceBy(ms: number): Promise<Post[]>;
  /** Publishes what is due at the clock's time (publish now, no publish time, a time reached). */
  publishDue(): Promise<Post[]>;
  /** Approves as an approver pressing ✅ on Telegram: the approve update, with a `telegram` actor. */
  approve(workspaceId: string, postId: string, approver?: TelegramApprover): Promise<PostWithState>;
  /** Rejects as an approver pressing ❌ on Telegram. */
  reject(
    workspaceId: string,
    postId: string,
    reason?: string,
    approver?: TelegramApprover,
  ): Promise<PostWithState>;
  /** Asks for a new caption as an approver pressing 🔄 on Telegram. */
  regenerateCaption(workspaceId: string, postId: string, approver?: TelegramApprover): Promise<PostWithState>;
  /** The memory store under the double, to arrange data and look at it. */
  store: RelayPostStore;
}

/** The in-memory double: the whole `RelayPost` interface, and the test's controls. */
export interface TestRelayPost extends RelayPost {
  testing: TestControls;
}

const DEFAULT_APPROVER: TelegramApprover = { userId: 1 };

/**
 * An in-memory RelayPost for a host app's unit tests: the SDK's own API modules over core's
 * memory store, with the post life cycle run in-process by a deterministic engine on a clock the
 * test moves. No Temporal, no Postgres, no worker. Validation and errors are the SDK's own.
 *
 * @example
 * ```ts
 * const x = await createXFake();
 * const rp = createTestRelayPost({ adapters: { x: createX(x.adapterOptions()) }, now: '2030-01-01T09:00:00Z' });
 * const post = await rp.posts.create(workspaceId, { content: { text: 'Hi' }, targets: [{ accountId }],
 *   publishAt: { at: '2030-01-01T10:00:00Z' } });
 * await rp.testing.advanceTo('2030-01-01T10:00:00Z'); // published on the fake
 * ```
 */
export function createTestRelayPost(options: TestRelayPostOptions): TestRelayPost {
  const keyring = createKeyring({ keys: [{ id: 'test', key: generateEncryptionKey() }] });
  const store = createMemoryStore({ keyring });
  const clock = createTestClock(options.now === undefined ? Date.now() : toMillis(options.now));
  const mediaStore = options.mediaStore ?? createMemoryMediaStore();
  const captions = options.captions;
  const engine = createTestEngine({
    store,
    adapters: options.adapters,
    media: {
      read: (asset) => mediaStore.read(asset),
      readRange: (asset, offset, length) => mediaStore.readRange(asset, offset, length),
      urls: options.mediaUrls ?? null,
    },
    captions: typeof captions === 'function' ? { generate: async (request) => captions(request) } : captions,
    clock,
  });
  const ctx = sdkContext({
    adapters: options.adapters,
    mediaStore,
    ...(options.mediaUrls ? { mediaUrls: options.mediaUrls } : {}),
    ...(options.urlDownloads ? { urlDownloads: options.urlDownloads } : {}),
    ...(options.oauthStateTtlSeconds !== undefined
      ? { oauthStateTtlSeconds: options.oauthStateTtlSeconds }
      : {}),
    anthropic: options.anthropic ?? { enabled: false },
    store,
    workflows: engine,
    keyring,
    now: () => clock.now(),
  });
  const gate = new Gate();
  const relaypost: RelayPost = relayPostOver(ctx, gate, () => store.close());
  const telegram = ({ userId, name }: TelegramApprover) =>
    ({ kind: 'telegram', id: String(userId), ...(name ? { name } : {}) }) as const;
  const testing: TestControls = {
    now: () => new Date(clock.now()),
    advanceTo: (at) => gate.run(() => engine.advanceTo(toMillis(at))),
    advanceBy: (ms) => gate.run(() => engine.advanceTo(clock.now() + ms)),
    publishDue: () => gate.run(() => engine.advanceTo(clock.now())),
    approve: (workspaceId, postId, approver = DEFAULT_APPROVER) =>
      relaypost.posts.approve(workspaceId, postId, telegram(approver)),
    reject: (workspaceId, postId, reason, approver = DEFAULT_APPROVER) =>
      relaypost.posts.reject(workspaceId, postId, reason, telegram(approver)),
    regenerateCaption: (workspaceId, postId, approver = DEFAULT_APPROVER) =>
      relaypost.posts.regenerateCaption(workspaceId, postId, undefined, telegram(approver)),
    store,
  };
  return { ...relaypost, testing } satisfies TestRelayPost;
}
