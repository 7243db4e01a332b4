import {
  type ContentRejectedError,
  type CredentialsInput,
  NeedsReconnectError,
  type PublishRequest,
  RateLimitedError,
  UnknownOutcomeError,
} from '@relaypost/core';
import { afterEach, describe, expect, it } from 'vitest';
import { authorizeAtFake, connectThroughAuth } from '../conformance/index.js';
import { createReddit, type RedditAdapterOptions } from './adapter.js';
import type { RedditFake, RedditFakeOptions } from './fake/index.js';
import { gif, media, png, post, startReddit, userAgent } from './test-fixtures.js';
import { REDDIT_USER_AGENT_PATTERN } from './user-agent.js';

const fakes: RedditFake[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

async function setup(
  fakeOptions: RedditFakeOptions = {},
  adapterOptions: Partial<RedditAdapterOptions> = {},
) {
  const started = await startReddit(fakeOptions, adapterOptions);
  fakes.push(started.fake);
  const connected = await connectThroughAuth(started.adapter, { redirectUri: 'https://app.example.test/cb' });
  const request = (
    content: PublishRequest['content'],
    extra: Partial<PublishRequest> = {},
  ): PublishRequest => ({
    account: connected.account,
    credentials: connected.credentials,
    content,
    media,
    idempotencyKey: crypto.randomUUID(),
    ...extra,
  });
  return { ...started, connected, request };
}

const lastSubmit = (f: RedditFake) => f.server.requestsTo('POST', '/api/submit').at(-1);

describe('reddit configuration', () => {
  it('builds the User-Agent from validated parts and sends it on every request', async () => {
    const { fake, adapter, request } = await setup();
    expect(adapter.userAgent).toBe('web:dev.relaypost.tests:1.0.0 (by /u/relaypost)');
    await adapter.publish(request(post('body')));
    await adapter.publish(request(post('', { subreddit: 'test', title: 'img' }, [png.asset])));
    const sent = fake.server.requests.filter((r) => r.path !== '/api/v1/authorize');
    expect(sent.length).toBeGreaterThan(5);
    for (const r of sent) expect(r.headers['user-agent'], `${r.method} ${r.path}`).toBe(adapter.userAgent);
    expect(REDDIT_USER_AGENT_PATTERN.test(adapter.userAgent)).toBe(true);
  });

  it('refuses a User-Agent configuration Reddit would block', () => {
    const base = { clientId: 'id', clientSecret: 'secret' };
    expect(() => createReddit({ ...base, userAgent: { ...userAgent, username: 'a b' } })).toThrow();
    expect(() => createReddit({ ...base, userAgent: { ...userAgent, platform: '' } })).toThrow();
    expect(() => createReddit({ ...base, userAgent: { ...userAgent, appId: 'my app' } })).toThrow();
    expect(createReddit({ ...base, userAgent: { ...userAgent, username: '/u/relaypost' } }).userAgent).toBe(
      'web:dev.relaypost.tests:1.0.0 (by /u/relaypost)',
    );
  });
});

describe('reddit auth', () => {
  it('asks for a permanent grant with space-separated scopes, and no PKCE', async () => {
    const { adapter } = await setup();
    const url = new URL(
      adapter.auth.authorizationUrl({ redirectUri: 'https://app.example.test/cb', state: 's' }),
    );
    expect(url.searchParams.get('duration')).toBe('permanent');
    expect(url.searchParams.get('scope')).toBe('identity submit edit history flair');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge')).toBeNull();
  });

  it('trades the code with HTTP Basic and reads the account', async () => {
    const { fake, connected } = await setup();
    const exchange = fake.server.requestsTo('POST', '/api/v1/access_token')[0];
    expect(exchange?.headers.authorization).toBe(
      `Basic ${Buffer.from('fake-reddit-client:fake-reddit-secret').toString('base64')}`,
    );
    expect(exchange?.form).toEqual({
      grant_type: 'authorization_code',
      code: expect.any(String),
      redirect_uri: 'https://app.example.test/cb',
    });
    expect(connected.account.handle).toBe('relaypost_test');
    expect(connected.account.metadata).toEqual({ fullname: 't2_1w72k9' });
    expect(connected.connectable.avatarUrl).toContain('&s=1');
    expect(connected.credentials.refreshToken).not.toBeNull();
  });

  it('a grant refused with HTTP 200 and {error} is a NeedsReconnectError', async () => {
    const { adapter } = await setup();
    const { code } = await authorizeAtFake(adapter, 'https://app.example.test/cb');
    const error = await adapter.auth
      .exchangeCode({ code, redirectUri: 'https://other.example/cb' })
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
    expect((error as NeedsReconnectError).platformCode).toBe('invalid_grant');
  });

  it('refresh keeps the refresh token; a temporary grant has none to refresh with', async () => {
    const { adapter, connected } = await setup();
    const refreshed = await adapter.auth.refresh(connected.credentials);
    expect(refreshed.refreshToken).toBe(connected.credentials.refreshToken?.reveal());
    const { adapter: temporary } = await setup({}, { duration: 'temporary' });
    const own = await connectThroughAuth(temporary, { redirectUri: 'https://app.example.test/cb' });
    expect(own.credentials.refreshToken).toBeNull();
    await expect(temporary.auth.refresh(own.credentials)).rejects.toSatisfy((e: unknown) =>
      NeedsReconnectError.isInstance(e),
    );
  });

  it('refreshes an expiring token before publishing and hands the credentials back', async () => {
    const { fake, adapter, connected, request } = await setup();
    fake.expireAccessTokens();
    const saved: CredentialsInput[] = [];
    await adapter.publish(
      request(post('after refresh'), {
        credentials: { ...connected.credentials, expiresAt: new Date(Date.now() + 5000).toISOString() },
        onCredentialsRefreshed: async (c) => {
          saved.push(c);
        },
      }),
    );
    expect(saved).toHaveLength(1);
    expect(fake.posts().map((p) => p.text)).toEqual(['after refresh']);
  });
});

describe('reddit submissions', () => {
  it('submits a self post as a form with every switch', async () => {
    const { fake, adapter, request } = await setup();
    const result = await adapter.publish(
      request(
        post('Body **md**', {
          subreddit: 'r/test',
          title: '  Title  ',
          flairId: '3c1a9d2e-0000-4000-8000-000000000002',
          flairText: 'Mine',
          sendReplies: false,
          nsfw: true,
          spoiler: true,
        }),
      ),
    );
    const sent = lastSubmit(fake);
    expect(sent?.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(sent?.headers.authorization).toMatch(/^bearer /);
    expect(sent?.form).toEqual({
      api_type: 'json',
      sr: 'test',
      kind: 'self',
      title: 'Title',
      sendreplies: 'false',
      resubmit: 'true',
      nsfw: 'true',
      spoiler: 'true',
      flair_id: '3c1a9d2e-0000-4000-8000-000000000002',
      flair_text: 'Mine',
      text: 'Body **md**',
    });
    const stored = fake.submissions().at(-1);
    expect(result.externalId).toBe(stored?.name);
    expect(result.externalId).toMatch(/^t3_/);
    expect(result.url).toBe(`https://www.reddit.com/r/test/comments/${stored?.id}/post/`);
    expect(result.warnings).toEqual([]);
  });

  it('submits a link post, dropping the text with a warning', async () => {
    const { fake, adapter, request } = await setup();
    const result = await adapter.publish(
      request(
        post('ignored body', {
          subreddit: 'test',
          title: 'Link',
          url: 'https://relaypost.dev/a',
          resubmit: false,
        }),
      ),
    );
    expect(lastSubmit(fake)?.form).toMatchObject({
      kind: 'link',
      url: 'https://relaypost.dev/a',
      resubmit: 'false',
    });
    expect(lastSubmit(fake)?.form?.text).toBeUndefined();
    expect(result.warnings).toEqual([expect.stringContaining('no body')]);
    const again = await adapter
      .publish(
        request(
          post('', { subreddit: 'test', title: 'Link', url: 'https://relaypost.dev/a', resubmit: false }),
        ),
      )
      .catch((e: unknown) => e);
    expect((again as ContentRejectedError).platformCode).toBe('ALREADY_SUB');
    expect((again as ContentRejectedError).field).toBe('options.url');
  });

  it('uploads an image through the lease (file last) and finds the post it made', async () => {
    const { fake, adapter, request } = await setup({ imagePostDelayReads: 1 });
    const result = await adapter.publish(
      request(
        post('', { subreddit: 'pics', title: 'Pic', flairId: '3c1a9d2e-0000-4000-8000-000000000003' }, [
          png.asset,
        ]),
      ),
    );
    const lease = fake.server.requestsTo('POST', '/api/media/asset.json')[0];
    expect(lease?.form).toEqual({ filepath: 'image.png', mimetype: 'image/png' });
    const upload = fake.server.requestsTo('POST', '/upload')[0];
    expect(Object.keys(upload?.multipart ?? {}).at(-1)).toBe('file');
    expect(upload?.headers.authorization).toBeUndefined();
    const stored = fake.uploads()[0];
    expect(stored?.bytes?.equals(png.bytes)).toBe(true);
    expect(lastSubmit(fake)?.form).toMatchObject({
      kind: 'image',
      url: `${fake.server.url}/upload/${stored?.key}`,
    });
    // The submit named no post: the adapter read the account's submissions until it showed.
    expect(fake.server.requestsTo('GET', '/user/relaypost_test/submitted')).toHaveLength(2);
    const submission = fake.submissions().at(-1);
    expect(result.externalId).toBe(submission?.name);
    expect(submission?.image?.equals(png.bytes)).toBe(true);
    expect(result.url).toBe(`https://www.reddit.com/r/pics/comments/${submission?.id}/post/`);
  });

  it('an image post that never shows up is an unknown outcome, which findPublished settles later', async () => {
    const { fake, adapter, request } = await setup({ imagePostDelayReads: 10 });
    const req = request(post('', { subreddit: 'test', title: 'Slow pic' }, [gif.asset]));
    const error = await adapter.publish(req).catch((e: unknown) => e);
    expect(UnknownOutcomeError.isInstance(error)).toBe(true);
    expect(fake.server.requestsTo('GET', '/user/relaypost_test/submitted')).toHaveLength(3);
    const submission = fake.submissions().at(-1);
    if (submission) submission.hiddenReads = 0;
    expect((await adapter.findPublished(req))?.externalId).toBe(submission?.name);
    expect(fake.posts()).toHaveLength(1);
  });

  it('maps errors inside a 200: SUBREDDIT_NOEXIST, NO_SELFS, flair required, RATELIMIT', async () => {
    const { fake, adapter, request } = await setup();
    const missing = await adapter
      .publish(request(post('x', { subreddit: 'nope_here', title: 'T' })))
      .catch((e: unknown) => e);
    expect((missing as ContentRejectedError).field).toBe('options.subreddit');
    const selfs = await adapter
      .publish(
        request(
          post('x', { subreddit: 'pics', title: 'T', flairId: '3c1a9d2e-0000-4000-8000-000000000003' }),
        ),
      )
      .catch((e: unknown) => e);
    expect((selfs as ContentRejectedError).platformCode).toBe('NO_SELFS');
    expect((selfs as ContentRejectedError).field).toBe('options.kind');
    const flair = await adapter
      .publish(request(post('', { subreddit: 'pics', title: 'T' }, [png.asset])))
      .catch((e: unknown) => e);
    expect((flair as ContentRejectedError).field).toBe('options.flairId');
    fake.failNextSubmitWith([
      [
        'RATELIMIT',
        "Looks like you've been doing that a lot. Take a break for 3 minutes before trying again.",
        'ratelimit',
      ],
    ]);
    const limited = await adapter.publish(request(post('x'))).catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(limited)).toBe(true);
    expect((limited as RateLimitedError).retryAfterMs).toBe(180_000);
    expect((limited as RateLimitedError).scope).toBe('account');
    expect(fake.posts()).toHaveLength(0);
  });

  it('sends nothing once X-Ratelimit-Remaining reached 0, until the reset', async () => {
    const { fake, adapter, request } = await setup();
    await adapter.publish(request(post('first')));
    fake.setRemaining(1, 90);
    // The lease call spends the last request; the submit is not sent.
    const error = await adapter
      .publish(request(post('', { subreddit: 'test', title: 'img' }, [png.asset])))
      .catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(85_000);
    expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(90_000);
    expect(fake.server.requestsTo('POST', '/api/submit')).toHaveLength(1);
    const lease = fake.exchanges().find((e) => e.route === '/api/media/asset.json');
    expect(lease?.response.headers?.['x-ratelimit-remaining']).toBe('0.0');
  });

  it('429 from the API waits for X-Ratelimit-Reset', async () => {
    const { fake, adapter, request } = await setup();
    await adapter.publish(request(post('one')));
    fake.setRemaining(0, 120);
    const error = await adapter.publish(request(post('two'))).catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(115_000);
    expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(120_000);
    expect(fake.exchanges().at(-1)?.response.status).toBe(429);
    expect(fake.posts().map((p) => p.text)).toEqual(['one']);
  });

  it('a grant without the scope an endpoint needs means reconnecting', async () => {
    const { adapter } = await setup();
    const narrow = await connectThroughAuth(
      {
        ...adapter,
        auth: {
          ...adapter.auth,
          authorizationUrl: (input) =>
            adapter.auth.authorizationUrl({ ...input, scopes: ['identity', 'submit'] }),
        },
      },
      { redirectUri: 'https://app.example.test/cb' },
    );
    const error = await adapter
      .delete({ account: narrow.account, credentials: narrow.credentials, externalId: 't3_abc' })
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
  });

  it('deletes by fullname; deleting again is fine', async () => {
    const { fake, adapter, request, connected } = await setup();
    const result = await adapter.publish(request(post('bye')));
    await adapter.delete({ ...connected, externalId: result.externalId });
    await adapter.delete({ ...connected, externalId: result.externalId.replace(/^t3_/, '') });
    expect(fake.server.requestsTo('POST', '/api/del').map((r) => r.form)).toEqual([
      { id: result.externalId },
      { id: result.externalId },
    ]);
    expect(fake.posts()).toHaveLength(0);
  });

  it('finds a submission only with the same subreddit, title and body', async () => {
    const { adapter, request } = await setup();
    const landed = await adapter.publish(request(post('Body', { subreddit: 'test', title: 'Same' })));
    expect(
      (await adapter.findPublished(request(post('Body', { subreddit: 'TEST', title: 'Same' }))))?.externalId,
    ).toBe(landed.externalId);
    expect(
      await adapter.findPublished(request(post('Other body', { subreddit: 'test', title: 'Same' }))),
    ).toBeNull();
    expect(
      await adapter.findPublished(request(post('Body', { subreddit: 'test', title: 'Other' }))),
    ).toBeNull();
    expect(
      await adapter.findPublished(request(post('Body', { subreddit: 'pics', title: 'Same' }))),
    ).toBeNull();
  });

  it('lists a subreddit’s link flairs', async () => {
    const { adapter, connected } = await setup();
    expect(await adapter.listLinkFlairs({ credentials: connected.credentials, subreddit: 'r/test' })).toEqual(
      [
        { id: '3c1a9d2e-0000-4000-8000-000000000001', text: 'Discussion', textEditable: false },
        { id: '3c1a9d2e-0000-4000-8000-000000000002', text: 'Custom', textEditable: true },
      ],
    );
  });
});

describe('reddit profile posts', () => {
  // Reddit usernames: 3–20 letters, digits, `-` or `_`; a profile posts as `u_<name>`.
  const longName = 'relay-post-tester-20';

  it('accepts u_<name> with hyphens and a 20-character name', () => {
    const adapter = createReddit({ clientId: 'id', clientSecret: 'secret', userAgent });
    for (const subreddit of [`u_${longName}`, 'u_a-b', 'u_under_score']) {
      expect(adapter.validate(post('x', { subreddit, title: 'T' })), subreddit).toEqual([]);
    }
    for (const subreddit of ['u_ab', `u_${longName}x`, 'u_bad.name']) {
      expect(adapter.validate(post('x', { subreddit, title: 'T' }))[0]?.path, subreddit).toBe(
        'options.subreddit',
      );
    }
  });

  it('posts to the account\u2019s own profile, and finds the post again', async () => {
    const { fake, adapter, request } = await setup({ username: longName });
    const req = request(post('on my profile', { subreddit: `u_${longName}`, title: 'Profile post' }));
    const result = await adapter.publish(req);
    expect(lastSubmit(fake)?.form?.sr).toBe(`u_${longName}`);
    expect(fake.submissions().at(-1)?.subreddit).toBe(`u_${longName}`);
    expect((await adapter.findPublished(req))?.externalId).toBe(result.externalId);
  });

  it('the fake refuses posts to another user\u2019s profile', async () => {
    const { adapter, request } = await setup({ username: longName });
    const error = await adapter
      .publish(request(post('x', { subreddit: 'u_someone-else', title: 'T' })))
      .catch((e: unknown) => e);
    expect((error as ContentRejectedError).kind).toBe('content_rejected');
    expect((error as ContentRejectedError).platformCode).toBe('SUBREDDIT_NOTALLOWED');
  });
});

describe('reddit scopes', () => {
  it('the fake sends the user back with invalid_scope for a scope Reddit does not know', async () => {
    const { adapter } = await setup();
    const url = adapter.auth.authorizationUrl({
      redirectUri: 'https://app.example.test/cb',
      state: 's',
      scopes: ['identity', 'submitt'],
    });
    const answer = await fetch(url, { redirect: 'manual' });
    const back = new URL(answer.headers.get('location') ?? '');
    expect(back.searchParams.get('error')).toBe('invalid_scope');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it.each([
    ['submit', (a: Adapter, r: RequestOf) => a.publish(r(post('body')))],
    ['history', (a: Adapter, r: RequestOf) => a.findPublished(r(post('body')))],
  ] as const)(
    'a grant without %s is refused with Reddit\u2019s 403 insufficient_scope',
    async (scope, run) => {
      const { adapter, request } = await setup(
        {},
        { scopes: ['identity', 'submit', 'edit', 'history', 'flair'].filter((s) => s !== scope) },
      );
      const error = await run(adapter, request).catch((e: unknown) => e);
      expect(NeedsReconnectError.isInstance(error)).toBe(true);
      expect((error as NeedsReconnectError).status).toBe(403);
    },
  );
});

type Adapter = ReturnType<typeof createReddit>;
type RequestOf = (content: PublishRequest['content']) => PublishRequest;
