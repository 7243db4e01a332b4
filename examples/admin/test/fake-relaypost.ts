/**
 * An in-memory stand-in for the RelayPost SDK, ONLY for this app's HTTP-level unit tests. It
 * follows the SDK's shape (`AdminRelayPost`) and the behaviour the pages rely on; it is not a
 * model of RelayPost's life cycle. The end-to-end test (`e2e.test.ts`) runs the real SDK.
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type ConnectedAccount,
  type CreatePostInput,
  countText,
  type HistoryEvent,
  type ListPostsFilter,
  type MediaAsset,
  NeedsReconnectError,
  NotFoundError,
  type PlatformCapabilities,
  type PlatformId,
  type Post,
  type PostStatus,
  Secret,
  type UpdateWorkspaceInput,
  ValidationError,
  type ValidationIssue,
  type Workspace,
  type WorkspaceExport,
} from '@relaypost/core';
import type { AdminRelayPost, AnalyticsSummaryLike } from '../src/sdk.js';

const caps = (over: {
  max: number;
  counting?: PlatformCapabilities['text']['counting'];
  threads?: boolean;
  firstComment?: boolean;
  title?: PlatformCapabilities['title'];
  images?: boolean;
  videos?: boolean;
}): PlatformCapabilities => ({
  text: { maxLength: over.max, counting: over.counting ?? 'characters', required: false },
  media: {
    kinds: {
      ...(over.images === false
        ? {}
        : { image: { mimeTypes: ['image/png', 'image/jpeg'], maxBytes: 5_000_000, maxCount: 4 } }),
      ...(over.videos ? { video: { mimeTypes: ['video/mp4'], maxBytes: 50_000_000, maxCount: 1 } } : {}),
    },
    maxItems: 4,
    mixedKinds: false,
    required: false,
    fetchedByUrl: false,
  },
  threads: over.threads ?? false,
  altText: { maxLength: 1000 },
  firstComment: over.firstComment ?? false,
  title: over.title ?? null,
  delete: true,
  metrics: null,
});

export const FAKE_PLATFORMS: Array<{
  platform: PlatformId;
  displayName: string;
  auth: 'oauth2' | 'password';
  capabilities: PlatformCapabilities;
}> = [
  {
    platform: 'bluesky',
    displayName: 'Bluesky',
    auth: 'password',
    capabilities: caps({ max: 300, counting: 'graphemes', threads: true }),
  },
  {
    platform: 'x',
    displayName: 'X',
    auth: 'oauth2',
    capabilities: caps({ max: 280, counting: 'weighted', threads: true }),
  },
  {
    platform: 'linkedin',
    displayName: 'LinkedIn',
    auth: 'oauth2',
    capabilities: caps({ max: 3000, firstComment: true }),
  },
  {
    platform: 'facebook',
    displayName: 'Facebook',
    auth: 'oauth2',
    capabilities: caps({ max: 63206, firstComment: true }),
  },
  {
    platform: 'instagram',
    displayName: 'Instagram',
    auth: 'oauth2',
    capabilities: caps({ max: 2200, firstComment: true }),
  },
  {
    platform: 'threads',
    displayName: 'Threads',
    auth: 'oauth2',
    capabilities: caps({ max: 500, counting: 'characters-emoji-bytes', threads: true }),
  },
  {
    platform: 'tiktok',
    displayName: 'TikTok',
    auth: 'oauth2',
    capabilities: caps({ max: 2200, videos: true }),
  },
  {
    platform: 'youtube',
    displayName: 'YouTube',
    auth: 'oauth2',
    capabilities: caps({
      max: 5000,
      counting: 'utf8-bytes',
      images: false,
      videos: true,
      title: { maxLength: 100, required: true },
    }),
  },
  {
    platform: 'pinterest',
    displayName: 'Pinterest',
    auth: 'oauth2',
    capabilities: caps({ max: 500, title: { maxLength: 100, required: false } }),
  },
  {
    platform: 'reddit',
    displayName: 'Reddit',
    auth: 'oauth2',
    capabilities: caps({ max: 40000, title: { maxLength: 300, required: true } }),
  },
];

/** Every call the pages made, for assertions. */
export interface FakeCall {
  method: string;
  args: unknown[];
}

export const FAKE_APP_PASSWORD = 'good-app-password';

export function createFakeRelayPost(options: { platforms?: PlatformId[] } = {}) {
  const platforms = options.platforms
    ? FAKE_PLATFORMS.filter((p) => options.platforms!.includes(p.platform))
    : FAKE_PLATFORMS;
  const workspaces = new Map<string, Workspace>();
  const accounts = new Map<string, ConnectedAccount>();
  const media = new Map<string, MediaAsset>();
  const posts = new Map<string, Post>();
  const history: HistoryEvent[] = [];
  const oauthStates = new Map<string, { workspaceId: string; platform: PlatformId; redirectUri: string }>();
  const calls: FakeCall[] = [];
  let seq = 0;
  const now = () => new Date().toISOString();
  const record = (method: string, ...args: unknown[]) => calls.push({ method, args });

  const ws = (id: string) => {
    const found = workspaces.get(id);
    if (!found) throw new NotFoundError('workspace', id);
    return found;
  };
  const post = (workspaceId: string, id: string) => {
    const found = posts.get(id);
    if (!found || found.workspaceId !== workspaceId) throw new NotFoundError('post', id);
    return found;
  };
  const log = (
    workspaceId: string,
    type: HistoryEvent['type'],
    postId: string | null,
    actor: Actor,
    data: Record<string, unknown> = {},
  ) =>
    history.push({
      id: randomUUID(),
      workspaceId,
      seq: ++seq,
      type,
      postId,
      targetId: null,
      accountId: null,
      actor,
      data,
      occurredAt: now(),
    });
  const setStatus = (p: Post, status: PostStatus, actor: Actor = { kind: 'workflow' }) => {
    log(p.workspaceId, 'post.status_changed', p.id, actor, { from: p.status, to: status });
    p.status = status;
    p.version++;
    p.updatedAt = now();
  };
  const publish = (p: Post) => {
    setStatus(p, 'publishing');
    for (const t of p.targets) {
      if (t.status !== 'pending') continue;
      t.status = 'published';
      t.result = {
        externalId: `ext-${t.id.slice(0, 8)}`,
        url: `https://${t.platform}.example/p/${t.id.slice(0, 8)}`,
        publishedAt: now(),
        error: null,
      };
      log(p.workspaceId, 'target.published', p.id, { kind: 'workflow' }, { url: t.result.url });
    }
    setStatus(p, 'published');
  };
  const account = (workspaceId: string, accountId: string): ConnectedAccount => {
    const a = accounts.get(accountId);
    if (!a || a.workspaceId !== workspaceId) throw new NotFoundError('account', accountId);
    return a;
  };
  const beginOAuth = async (input: { workspaceId: string; platform: PlatformId; redirectUri: string }) => {
    record('accounts.beginOAuth', input);
    ws(input.workspaceId);
    const state = randomUUID();
    oauthStates.set(state, input);
    return {
      url: `https://auth.${input.platform}.example/authorize?state=${state}&redirect_uri=${encodeURIComponent(input.redirectUri)}`,
      state,
    };
  };
  const capsOf = (platform: PlatformId) => platforms.find((p) => p.platform === platform)?.capabilities;
  const connect = (workspaceId: string, platform: PlatformId, handle: string, expiresAt: string | null) => {
    const existing = [...accounts.values()].find(
      (a) => a.workspaceId === workspaceId && a.platform === platform && a.handle === handle,
    );
    const account: ConnectedAccount = existing ?? {
      id: randomUUID(),
      workspaceId,
      platform,
      externalId: `${platform}:${handle}`,
      handle,
      displayName: null,
      avatarUrl: null,
      scopes: [],
      status: 'connected',
      expiresAt,
      metadata: {},
      createdAt: now(),
      updatedAt: now(),
    };
    account.status = 'connected';
    account.expiresAt = expiresAt;
    accounts.set(account.id, account);
    log(workspaceId, 'account.connected', null, { kind: 'api' }, { platform });
    return account;
  };

  const relaypost = {
    workspaces: {
      async create(input: { name: string; timeZone?: string }): Promise<Workspace> {
        record('workspaces.create', input);
        const w: Workspace = {
          id: randomUUID(),
          name: input.name,
          timeZone: input.timeZone ?? 'UTC',
          ai: null,
          telegram: null,
          webhook: null,
          createdAt: now(),
          updatedAt: now(),
        };
        workspaces.set(w.id, w);
        return w;
      },
      async get(id: string) {
        return ws(id);
      },
      async update(id: string, input: UpdateWorkspaceInput): Promise<Workspace> {
        record('workspaces.update', id, input);
        const w = ws(id);
        const issues: ValidationIssue[] = [];
        if (input.webhook && !/^https?:\/\//.test(input.webhook.url))
          issues.push({ path: 'webhook.url', message: 'must be an http(s) URL' });
        if (input.timeZone === '') issues.push({ path: 'timeZone', message: 'must be an IANA time zone' });
        if (issues.length) throw new ValidationError(issues, 'workspace');
        if (input.name !== undefined) w.name = input.name;
        if (input.timeZone !== undefined) w.timeZone = input.timeZone;
        // Replace semantics, the stricter of the two a store may have: what is not sent is gone.
        if (input.ai !== undefined)
          w.ai = input.ai && {
            anthropicApiKey: input.ai.anthropicApiKey ? new Secret(input.ai.anthropicApiKey) : null,
            model: input.ai.model ?? 'claude-sonnet-5-5',
            brandVoiceSamples: input.ai.brandVoiceSamples ?? [],
            tone: input.ai.tone ?? null,
          };
        if (input.telegram !== undefined)
          w.telegram = input.telegram && {
            botToken: input.telegram.botToken ? new Secret(input.telegram.botToken) : null,
            approverChatIds: input.telegram.approverChatIds ?? [],
            approverUserIds: input.telegram.approverUserIds ?? [],
          };
        if (input.webhook !== undefined)
          w.webhook = input.webhook && {
            url: input.webhook.url,
            secret: input.webhook.secret ? new Secret(input.webhook.secret) : null,
          };
        w.updatedAt = now();
        return w;
      },
      async export(id: string): Promise<WorkspaceExport> {
        const w = ws(id);
        return {
          format: 'relaypost.workspace-export',
          version: 1,
          exportedAt: now(),
          workspace: {
            id: w.id,
            name: w.name,
            timeZone: w.timeZone,
            createdAt: w.createdAt,
            updatedAt: w.updatedAt,
            ai: w.ai && {
              model: w.ai.model,
              brandVoiceSamples: w.ai.brandVoiceSamples,
              tone: w.ai.tone,
              hasApiKey: Boolean(w.ai.anthropicApiKey),
            },
            telegram: w.telegram && {
              approverChatIds: w.telegram.approverChatIds,
              approverUserIds: w.telegram.approverUserIds,
              hasBotToken: Boolean(w.telegram.botToken),
            },
            webhook: w.webhook && { url: w.webhook.url, hasSecret: Boolean(w.webhook.secret) },
          },
          accounts: [...accounts.values()].filter((a) => a.workspaceId === id),
          posts: [...posts.values()].filter((p) => p.workspaceId === id),
          media: [...media.values()].filter((m) => m.workspaceId === id),
          history: history.filter((h) => h.workspaceId === id),
        };
      },
      async erase(id: string) {
        record('workspaces.erase', id);
        ws(id);
        const pending = [...posts.values()].filter(
          (p) =>
            p.workspaceId === id &&
            !['published', 'failed', 'rejected', 'cancelled', 'partially_published'].includes(p.status),
        );
        workspaces.delete(id);
        for (const [k, a] of accounts) if (a.workspaceId === id) accounts.delete(k);
        for (const [k, p] of posts) if (p.workspaceId === id) posts.delete(k);
        return { stoppedWorkflows: pending.length };
      },
    },
    accounts: {
      async beginOAuth(input: { workspaceId: string; platform: PlatformId; redirectUri: string }) {
        record('accounts.beginOAuth', input);
        ws(input.workspaceId);
        const state = randomUUID();
        oauthStates.set(state, input);
        return {
          url: `https://auth.${input.platform}.example/authorize?state=${state}&redirect_uri=${encodeURIComponent(input.redirectUri)}`,
          state,
        };
      },
      async completeOAuth(input: { state: string; code: string }) {
        record('accounts.completeOAuth', input);
        const started = oauthStates.get(input.state);
        if (!started)
          throw new ValidationError([{ path: 'state', message: 'is invalid or expired' }], 'OAuth callback');
        oauthStates.delete(input.state);
        return [
          connect(
            started.workspaceId,
            started.platform,
            `${started.platform}-user`,
            new Date(Date.now() + 3 * 86_400_000).toISOString(),
          ),
        ];
      },
      async connectWithPassword(input: {
        workspaceId: string;
        platform: PlatformId;
        identifier: string;
        password: string;
      }) {
        record('accounts.connectWithPassword', { ...input, password: '[redacted]' });
        ws(input.workspaceId);
        if (input.password !== FAKE_APP_PASSWORD) {
          throw new NeedsReconnectError({
            platform: input.platform,
            message: 'Invalid identifier or password',
            status: 401,
          });
        }
        return connect(input.workspaceId, input.platform, input.identifier, null);
      },
      async list(workspaceId: string) {
        return [...accounts.values()].filter((a) => a.workspaceId === workspaceId);
      },
      async get(workspaceId: string, accountId: string) {
        return account(workspaceId, accountId);
      },
      async disconnect(workspaceId: string, accountId: string) {
        record('accounts.disconnect', workspaceId, accountId);
        const a = account(workspaceId, accountId);
        a.status = 'disconnected';
        const affected: string[] = [];
        for (const p of posts.values()) {
          if (
            p.workspaceId !== workspaceId ||
            ['published', 'failed', 'rejected', 'cancelled'].includes(p.status)
          )
            continue;
          let hit = false;
          for (const t of p.targets)
            if (t.accountId === accountId && t.status === 'pending') {
              t.status = 'cancelled';
              hit = true;
            }
          if (hit) {
            affected.push(p.id);
            if (p.targets.every((t) => t.status === 'cancelled')) setStatus(p, 'cancelled');
          }
        }
        return { affectedPostIds: affected };
      },
      async reconnect(input: { workspaceId: string; accountId: string; redirectUri: string }) {
        const a = account(input.workspaceId, input.accountId);
        return beginOAuth({
          workspaceId: input.workspaceId,
          platform: a.platform,
          redirectUri: input.redirectUri,
        });
      },
    },
    media: {
      async upload(input: {
        workspaceId: string;
        data: Uint8Array;
        altText?: string;
        platforms?: PlatformId[];
      }): Promise<MediaAsset> {
        record('media.upload', { ...input, data: `${input.data.length} bytes` });
        ws(input.workspaceId);
        const png = input.data.length > 24 && input.data[0] === 0x89 && input.data[1] === 0x50;
        if (!png)
          throw new ValidationError(
            [{ path: 'data', message: 'is not a supported image or video' }],
            'media',
          );
        const view = new DataView(input.data.buffer, input.data.byteOffset);
        const issues: ValidationIssue[] = [];
        for (const platform of input.platforms ?? []) {
          if (!capsOf(platform)?.media.kinds.image)
            issues.push({
              path: `platforms.${platform}`,
              message: `${platform} does not take image media`,
              actual: 'image/png',
            });
        }
        if (issues.length) throw new ValidationError(issues, 'media');
        const asset: MediaAsset = {
          id: randomUUID(),
          workspaceId: input.workspaceId,
          mimeType: 'image/png',
          sizeBytes: input.data.length,
          width: view.getUint32(16),
          height: view.getUint32(20),
          durationMs: null,
          checksumSha256: '0'.repeat(64),
          storageKey: 'fake',
          altText: input.altText ?? null,
          createdAt: now(),
        };
        media.set(asset.id, asset);
        return asset;
      },
      async get(workspaceId: string, mediaId: string) {
        const m = media.get(mediaId);
        if (!m || m.workspaceId !== workspaceId) throw new NotFoundError('media', mediaId);
        return m;
      },
    },
    posts: {
      async create(workspaceId: string, input: CreatePostInput): Promise<Post> {
        record('posts.create', workspaceId, input);
        ws(workspaceId);
        const existing = [...posts.values()].find(
          (p) =>
            p.workspaceId === workspaceId &&
            input.idempotencyKey &&
            p.idempotencyKey === input.idempotencyKey,
        );
        if (existing) return existing;
        const issues: ValidationIssue[] = [];
        input.targets.forEach((t, i) => {
          const account = accounts.get(t.accountId);
          if (!account || account.workspaceId !== workspaceId) {
            issues.push({ path: `targets.${i}.accountId`, message: 'account not found in this workspace' });
            return;
          }
          const c = capsOf(account.platform)!;
          const text = t.text ?? input.content.text ?? '';
          const length = countText(text, c.text.counting);
          if (length > c.text.maxLength && !(input.content.thread && c.threads)) {
            issues.push({
              path: `targets.${i}.text`,
              message: `${account.platform}: text is too long`,
              limit: c.text.maxLength,
              actual: length,
            });
          }
          if (account.platform === 'reddit') {
            for (const key of ['subreddit', 'title'])
              if (!t.options?.[key])
                issues.push({ path: `targets.${i}.options.${key}`, message: 'Required' });
          }
        });
        if (input.publishAt && Date.parse(input.publishAt.at) < Date.now() - 60_000)
          issues.push({ path: 'publishAt.at', message: 'is in the past' });
        if (issues.length) throw new ValidationError(issues, 'post');
        const id = randomUUID();
        const p: Post = {
          id,
          workspaceId,
          status: 'draft',
          problem: null,
          content: {
            text: input.content.text ?? '',
            mediaIds: input.content.mediaIds ?? [],
            thread: input.content.thread ?? false,
          },
          publishAt: input.publishAt ?? null,
          approval: {
            mode: input.approval?.mode ?? 'none',
            onDeadline: input.approval?.onDeadline ?? 'expire',
            reapproveOnEdit: true,
            remindMinutesBefore: [60],
            ...(input.approval?.deadline ? { deadline: input.approval.deadline } : {}),
          },
          caption: input.caption ? { brief: input.caption.brief, apply: input.caption.apply ?? true } : null,
          idempotencyKey: input.idempotencyKey ?? null,
          targets: input.targets.map((t) => ({
            id: randomUUID(),
            postId: id,
            accountId: t.accountId,
            platform: accounts.get(t.accountId)!.platform,
            text: t.text ?? null,
            mediaIds: t.mediaIds ?? null,
            options: t.options ?? {},
            status: 'pending',
            result: { externalId: null, url: null, publishedAt: null, error: null },
            idempotencyKey: randomUUID(),
            updatedAt: now(),
          })),
          version: 1,
          createdAt: now(),
          updatedAt: now(),
        };
        posts.set(id, p);
        log(workspaceId, 'post.created', id, { kind: 'api' }, { targets: p.targets.length });
        if (p.caption) {
          setStatus(p, 'captioning');
          p.content.text = `AI caption about ${p.caption.brief ?? p.content.text}`;
          log(workspaceId, 'post.caption_generated', id, { kind: 'workflow' });
          setStatus(p, 'draft');
        }
        if (p.approval.mode === 'required') setStatus(p, 'awaiting_approval');
        else if (p.publishAt) setStatus(p, 'scheduled');
        else publish(p);
        return p;
      },
      async get(workspaceId: string, postId: string) {
        const p = post(workspaceId, postId);
        const approved = history.find((h) => h.postId === postId && h.type === 'post.approved');
        const rejected = history.find((h) => h.postId === postId && h.type === 'post.rejected');
        return {
          ...p,
          live: {
            status: p.status,
            approved: Boolean(approved),
            approvedBy: approved?.actor ?? null,
            rejectedReason: (rejected?.data.reason as string | undefined) ?? null,
          },
        };
      },
      async list(workspaceId: string, filter: ListPostsFilter = {}) {
        const statuses =
          filter.status === undefined ? null : Array.isArray(filter.status) ? filter.status : [filter.status];
        const all = [...posts.values()]
          .filter((p) => p.workspaceId === workspaceId)
          .filter((p) => !statuses || statuses.includes(p.status))
          .filter((p) => !filter.accountId || p.targets.some((t) => t.accountId === filter.accountId))
          .filter((p) => !filter.platform || p.targets.some((t) => t.platform === filter.platform))
          .filter((p) => !filter.from || (p.publishAt !== null && p.publishAt.at >= filter.from))
          .filter((p) => !filter.to || (p.publishAt !== null && p.publishAt.at < filter.to))
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        const start = filter.cursor ? Number(filter.cursor) : 0;
        const limit = filter.limit ?? 50;
        const items = all.slice(start, start + limit);
        return { items, nextCursor: start + limit < all.length ? String(start + limit) : null };
      },
      async history(workspaceId: string, postId: string) {
        return history.filter((h) => h.workspaceId === workspaceId && h.postId === postId);
      },
      async approve(workspaceId: string, postId: string, actor: Actor = { kind: 'api' }) {
        record('posts.approve', workspaceId, postId, actor);
        const p = post(workspaceId, postId);
        if (p.status !== 'awaiting_approval')
          throw new ValidationError([
            { path: 'status', message: `post is ${p.status}, not awaiting approval` },
          ]);
        log(workspaceId, 'post.approved', postId, actor);
        if (p.publishAt) setStatus(p, 'scheduled', actor);
        else publish(p);
        return {};
      },
      async reject(workspaceId: string, postId: string, reason?: string, actor: Actor = { kind: 'api' }) {
        record('posts.reject', workspaceId, postId, reason, actor);
        const p = post(workspaceId, postId);
        if (p.status !== 'awaiting_approval')
          throw new ValidationError([
            { path: 'status', message: `post is ${p.status}, not awaiting approval` },
          ]);
        log(workspaceId, 'post.rejected', postId, actor, reason ? { reason } : {});
        setStatus(p, 'rejected', actor);
        return {};
      },
      async cancel(workspaceId: string, postId: string, reason?: string, actor: Actor = { kind: 'api' }) {
        record('posts.cancel', workspaceId, postId, reason, actor);
        const p = post(workspaceId, postId);
        setStatus(p, 'cancelled', actor);
        return {};
      },
      async publishNow(workspaceId: string, postId: string, actor: Actor = { kind: 'api' }) {
        record('posts.publishNow', workspaceId, postId, actor);
        publish(post(workspaceId, postId));
        return {};
      },
      async reschedule(
        workspaceId: string,
        postId: string,
        at: { at: string; timeZone: string },
        actor: Actor = { kind: 'api' },
      ) {
        record('posts.reschedule', workspaceId, postId, at, actor);
        const p = post(workspaceId, postId);
        p.publishAt = at;
        log(workspaceId, 'post.rescheduled', postId, actor, { at: at.at });
        return {};
      },
      async regenerateCaption(
        workspaceId: string,
        postId: string,
        brief?: string,
        actor: Actor = { kind: 'api' },
      ) {
        record('posts.regenerateCaption', workspaceId, postId, brief, actor);
        const p = post(workspaceId, postId);
        p.content.text = `AI caption about ${brief ?? p.content.text}`;
        log(workspaceId, 'post.caption_generated', postId, actor);
        return {};
      },
    },
    analytics: {
      async summary(workspaceId: string, range: { from: string; to: string }): Promise<AnalyticsSummaryLike> {
        const inRange = [...posts.values()].filter((p) => p.workspaceId === workspaceId);
        const by = new Map<
          PlatformId,
          { published: number; failed: number; uncertain: number; lateness: number[] }
        >();
        const daily = new Map<
          string,
          { day: string; platform: PlatformId; published: number; failed: number }
        >();
        for (const p of inRange) {
          for (const t of p.targets) {
            const s = by.get(t.platform) ?? { published: 0, failed: 0, uncertain: 0, lateness: [] };
            by.set(t.platform, s);
            const day = (t.result.publishedAt ?? p.createdAt).slice(0, 10);
            const d = daily.get(`${day}|${t.platform}`) ?? {
              day,
              platform: t.platform,
              published: 0,
              failed: 0,
            };
            daily.set(`${day}|${t.platform}`, d);
            if (t.status === 'published') {
              s.published++;
              d.published++;
              s.lateness.push(1200);
            } else if (t.status === 'failed') {
              s.failed++;
              d.failed++;
            }
          }
        }
        return {
          from: range.from,
          to: range.to,
          posts: inRange.length,
          byPlatform: [...by].map(([platform, s]) => ({
            platform,
            published: s.published,
            failed: s.failed,
            uncertain: s.uncertain,
            successRate: s.published + s.failed ? s.published / (s.published + s.failed) : null,
            latenessMs: {
              p50: s.lateness[0] ?? null,
              p99: s.lateness.at(-1) ?? null,
              max: s.lateness.at(-1) ?? null,
            },
          })),
          daily: [...daily.values()],
        };
      },
    },
    platforms: () => platforms,
  } satisfies AdminRelayPost;

  return {
    relaypost,
    calls,
    /** Test helpers: direct access to the in-memory state. */
    state: { workspaces, accounts, posts, media, history },
    /** Marks a target failed, as a platform refusal would. */
    failTarget(postId: string, index = 0) {
      const p = posts.get(postId)!;
      const t = p.targets[index]!;
      t.status = 'failed';
      t.result = {
        externalId: null,
        url: null,
        publishedAt: null,
        error: { kind: 'content_rejected', message: 'The platform refused the post' },
      };
      p.status = 'failed';
    },
  };
}

export type FakeRelayPost = ReturnType<typeof createFakeRelayPost>;
