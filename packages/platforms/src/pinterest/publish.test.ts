import {
  ContentRejectedError,
  type CredentialsInput,
  credentialsFromInput,
  type JsonValue,
  type MediaAccess,
  type PublishRequest,
  TransientError,
} from '@relaypost/core';
import { afterEach, describe, expect, it } from 'vitest';
import { authorizeAtFake, connectThroughAuth } from '../conformance/index.js';
import { PINTEREST_DEFAULT_SCOPES, type PinterestAdapterOptions } from './adapter.js';
import { PINTEREST_SECRET_BOARD_SCOPES } from './boards.js';
import type { PinterestFakeOptions } from './fake/index.js';
import { altPng, clip, pin, png, startPinterest, thirdPng, webp } from './test-fixtures.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function setup(
  fakeOptions: PinterestFakeOptions = {},
  adapterOptions: Partial<PinterestAdapterOptions> = {},
) {
  const started = await startPinterest(fakeOptions, adapterOptions);
  close = started.close;
  const connected = await connectThroughAuth(started.adapter, { redirectUri: 'https://app.example.test/cb' });
  const request = (
    content: PublishRequest['content'],
    extra: Partial<PublishRequest> & { media?: MediaAccess } = {},
  ): PublishRequest => ({
    account: connected.account,
    credentials: connected.credentials,
    content,
    media: started.media,
    idempotencyKey: crypto.randomUUID(),
    ...extra,
  });
  return { ...started, connected, request };
}

const lastPinBody = (fake: Awaited<ReturnType<typeof setup>>['fake']) =>
  fake.server.requestsTo('POST', '/v5/pins').at(-1)?.json as Record<string, unknown> | undefined;

describe('pinterest auth', () => {
  it('builds the authorize URL with comma-separated scopes and no PKCE', async () => {
    const { adapter } = await setup();
    const url = new URL(
      adapter.auth.authorizationUrl({ redirectUri: 'https://app.example.test/cb', state: 's1' }),
    );
    expect(url.searchParams.get('scope')).toBe(
      'user_accounts:read,boards:read,boards:write,pins:read,pins:write',
    );
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge')).toBeNull();
    expect(adapter.auth.pkce).toBe(false);
  });

  it('trades the code with HTTP Basic client auth and keeps the boards in the metadata', async () => {
    const { fake, connected } = await setup();
    const exchange = fake.server.requestsTo('POST', '/v5/oauth/token')[0];
    const basic = Buffer.from('1500000:pinterest-fake-secret').toString('base64');
    expect(exchange?.headers.authorization).toBe(`Basic ${basic}`);
    expect(exchange?.form).toEqual({
      grant_type: 'authorization_code',
      code: expect.any(String),
      redirect_uri: 'https://app.example.test/cb',
    });
    expect(connected.account.externalId).toBe(fake.userId);
    expect(connected.account.handle).toBe('relaypost_test');
    // The default scopes cannot pin to secret boards, so the secret one is not offered.
    expect(connected.account.metadata.boards).toEqual(
      fake
        .boards()
        .filter((b) => b.privacy !== 'SECRET')
        .map((b) => ({ id: b.id, name: b.name, privacy: b.privacy })),
    );
    expect(connected.account.metadata.secretBoards).toBe(false);
    expect(connected.credentials.refreshTokenExpiresAt).not.toBeNull();
  });

  it('refresh stores the rotated refresh token; continuous_refresh is sent when configured', async () => {
    const { fake, adapter, connected } = await setup({}, { continuousRefresh: true });
    const refreshed = await adapter.auth.refresh(connected.credentials);
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(connected.credentials.refreshToken?.reveal());
    const form = fake.server.requestsTo('POST', '/v5/oauth/token').at(-1)?.form;
    expect(form).toEqual({
      grant_type: 'refresh_token',
      refresh_token: connected.credentials.refreshToken?.reveal(),
      continuous_refresh: 'true',
    });
    // The new refresh token works in turn.
    const again = await adapter.auth.refresh(credentialsFromInput(refreshed));
    expect(again.accessToken).not.toBe(refreshed.accessToken);
  });

  it('refreshes an access token about to expire before publishing, and hands the credentials back', async () => {
    const { fake, adapter, connected, request, board } = await setup();
    const stale = { ...connected.credentials, expiresAt: new Date(Date.now() + 1000).toISOString() };
    fake.expireAccessTokens();
    const saved: CredentialsInput[] = [];
    const result = await adapter.publish(
      request(pin('fresh', [png.asset], { boardId: board.id }), {
        credentials: stale,
        onCredentialsRefreshed: async (c) => {
          saved.push(c);
        },
      }),
    );
    expect(saved).toHaveLength(1);
    expect(saved[0]?.refreshToken).toBeTruthy();
    expect(fake.posts().some((p) => p.id === result.externalId)).toBe(true);
  });

  it('rejects a code given for another redirect URI', async () => {
    const { adapter } = await setup();
    const { code } = await authorizeAtFake(adapter, 'https://app.example.test/cb');
    await expect(
      adapter.auth.exchangeCode({ code, redirectUri: 'https://evil.example/cb' }),
    ).rejects.toMatchObject({
      kind: 'needs_reconnect',
    });
  });
});

describe('pinterest secret boards', () => {
  const secretScopes = [...PINTEREST_DEFAULT_SCOPES, ...PINTEREST_SECRET_BOARD_SCOPES];
  const travelOf = (fake: Awaited<ReturnType<typeof setup>>['fake']) => {
    const travel = fake.boards().find((b) => b.privacy === 'SECRET');
    if (!travel) throw new Error('the fake has no secret board');
    return travel;
  };

  it('are neither listed nor offered without boards:read_secret and pins:write_secret', async () => {
    const { adapter, connected } = await setup();
    const secret = await adapter.listBoards({ credentials: connected.credentials, privacy: 'SECRET' });
    expect(secret).toEqual([]);
    const all = await adapter.listBoards({
      credentials: connected.credentials,
      scopes: [...PINTEREST_DEFAULT_SCOPES, 'boards:read_secret'],
    });
    expect(all.some((b) => b.privacy === 'SECRET')).toBe(false);
  });

  it('the fake hides them from a grant without boards:read_secret and refuses Pins to them', async () => {
    const { fake, connected } = await setup();
    const travel = travelOf(fake);
    const token = connected.credentials.accessToken.reveal();
    const listed = (await (
      await fetch(`${fake.server.url}/v5/boards`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { items: Array<{ id: string }> };
    expect(listed.items.map((b) => b.id)).not.toContain(travel.id);
    const pinTo = (bearer: string) =>
      fetch(`${fake.server.url}/v5/pins`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          board_id: travel.id,
          media_source: {
            source_type: 'image_base64',
            content_type: 'image/png',
            data: png.bytes.toString('base64'),
          },
        }),
      });
    expect((await pinTo(token)).status).toBe(404);
    const readOnly = fake.oauth.issue(
      [...PINTEREST_DEFAULT_SCOPES, 'boards:read_secret'].join(' '),
    ).access_token;
    const refused = await pinTo(readOnly);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toContain('pins:write_secret');
    expect(fake.pins()).toHaveLength(0);
  });

  it('with the secret scopes, are offered, pinned to, found again and deleted from', async () => {
    const { fake, adapter, connected, request } = await setup({}, { scopes: secretScopes });
    const travel = travelOf(fake);
    expect(connected.account.metadata.secretBoards).toBe(true);
    expect(connected.account.metadata.boards).toContainEqual({
      id: travel.id,
      name: 'Travel',
      privacy: 'SECRET',
    });
    const listed = await adapter.listBoards({ credentials: connected.credentials, privacy: 'SECRET' });
    expect(listed.map((b) => b.name)).toEqual(['Travel']);
    const req = request(pin('secret trip', [png.asset], { boardId: travel.id }));
    const result = await adapter.publish(req);
    expect(fake.pins().at(-1)?.boardId).toBe(travel.id);
    expect((await adapter.findPublished(req))?.externalId).toBe(result.externalId);
    await adapter.delete({
      account: connected.account,
      credentials: connected.credentials,
      externalId: result.externalId,
    });
    expect(fake.posts()).toHaveLength(0);
  });

  it('a Pin for a secret board the grant cannot pin to is refused before it is sent', async () => {
    const { fake, request, connected } = await setup();
    const travel = travelOf(fake);
    // An account connected before secret boards were filtered: its metadata still lists the board.
    const account = {
      ...connected.account,
      metadata: { boards: [{ id: travel.id, name: 'Travel', privacy: 'SECRET' }] },
    };
    const { adapter } = await setup();
    const error = await adapter
      .publish(request(pin('secret', [png.asset], { boardId: travel.id }), { account }))
      .catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(error)).toBe(true);
    expect((error as ContentRejectedError).field).toBe('options.boardId');
    expect((error as Error).message).toContain('pins:write_secret');
    expect(fake.server.requestsTo('POST', '/v5/pins')).toHaveLength(0);
  });
});

describe('pinterest boards', () => {
  it('lists every board, following bookmarks, and the sections of one', async () => {
    const { fake, adapter, connected, board } = await setup();
    for (let i = 0; i < 300; i++) fake.addBoard(`Board ${i}`);
    const boards = await adapter.listBoards({ credentials: connected.credentials });
    expect(boards.map((b) => b.id)).toEqual(
      fake
        .boards()
        .filter((b) => b.privacy !== 'SECRET')
        .map((b) => b.id),
    );
    const calls = fake.server.requestsTo('GET', '/v5/boards').slice(-2);
    expect(calls.map((r) => r.query.bookmark === undefined)).toEqual([true, false]);
    const sections = await adapter.listBoardSections({
      credentials: connected.credentials,
      boardId: board.id,
    });
    expect(sections).toEqual(board.sections);
  });
});

describe('pinterest pins', () => {
  it('pins one image by URL with title, link, section, colour and alt text', async () => {
    const { fake, adapter, request, board } = await setup();
    const section = board.sections[1]?.id;
    const result = await adapter.publish(
      request(
        pin('Tomato salad', [altPng.asset], {
          boardId: board.id,
          boardSectionId: section,
          title: 'Tomatoes',
          link: 'https://relaypost.dev/tomato',
          dominantColor: '#C81E1E',
        }),
      ),
    );
    expect(lastPinBody(fake)).toEqual({
      board_id: board.id,
      board_section_id: section,
      title: 'Tomatoes',
      description: 'Tomato salad',
      link: 'https://relaypost.dev/tomato',
      alt_text: 'A red rectangle',
      dominant_color: '#C81E1E',
      media_source: {
        source_type: 'image_url',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/media\//),
      },
    });
    const stored = fake.pins().find((p) => p.id === result.externalId);
    expect(stored?.media[0]?.equals(altPng.bytes)).toBe(true);
    expect(result.url).toBe(`https://www.pinterest.com/pin/${result.externalId}/`);
    expect(result.warnings).toEqual([]);
  });

  it('sends the image inline as base64 when no URLs can be handed out', async () => {
    const { fake, adapter, request, board, bytesOnly } = await setup();
    const result = await adapter.publish(
      request(pin('Inline', [png.asset], { boardId: board.id }), { media: bytesOnly }),
    );
    expect(lastPinBody(fake)?.media_source).toEqual({
      source_type: 'image_base64',
      content_type: 'image/png',
      data: png.bytes.toString('base64'),
    });
    expect(
      fake
        .pins()
        .find((p) => p.id === result.externalId)
        ?.media[0]?.equals(png.bytes),
    ).toBe(true);
  });

  it('refuses an inline WebP and a carousel without URLs, before calling Pinterest', async () => {
    const { fake, adapter, request, board, bytesOnly } = await setup();
    const inline = await adapter
      .publish(request(pin('webp', [webp.asset], { boardId: board.id }), { media: bytesOnly }))
      .catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(inline)).toBe(true);
    expect((inline as ContentRejectedError).field).toBe('media.0.mimeType');
    const carousel = await adapter
      .publish(request(pin('two', [png.asset, thirdPng.asset], { boardId: board.id }), { media: bytesOnly }))
      .catch((e: unknown) => e);
    expect((carousel as ContentRejectedError).field).toBe('media');
    expect(fake.server.requestsTo('POST', '/v5/pins')).toHaveLength(0);
  });

  it('validates base64-only configurations up front', async () => {
    const { adapter, board } = await setup({}, { imageSource: 'base64' });
    expect(adapter.capabilities.media.fetchedByUrl).toBe(false);
    const issues = adapter.validate(pin('x', [webp.asset, png.asset], { boardId: board.id }));
    expect(issues.map((i) => i.path)).toEqual(['media', 'media.0.mimeType']);
  });

  it('pins 2–5 images as a multi-image Pin, keeping one alt text with a warning', async () => {
    const { fake, adapter, request, board } = await setup();
    const result = await adapter.publish(
      request(pin('Three', [png.asset, altPng.asset, thirdPng.asset], { boardId: board.id })),
    );
    const source = lastPinBody(fake)?.media_source as { source_type: string; items: unknown[] };
    expect(source.source_type).toBe('multiple_image_urls');
    expect(source.items).toHaveLength(3);
    expect(lastPinBody(fake)?.alt_text).toBeUndefined();
    const stored = fake.pins().find((p) => p.id === result.externalId);
    expect(stored?.media.map((m) => m.length)).toEqual([
      png.bytes.length,
      altPng.bytes.length,
      thirdPng.bytes.length,
    ]);
    expect(result.warnings).toEqual([expect.stringContaining('one alt text per Pin')]);
  });

  it('names the field Pinterest refused', async () => {
    const { adapter, request, board } = await setup();
    const section = await adapter
      .publish(request(pin('x', [png.asset], { boardId: board.id, boardSectionId: '1' })))
      .catch((e: unknown) => e);
    expect((section as ContentRejectedError).field).toBe('options.boardSectionId');
    const missing = await adapter
      .publish(request(pin('x', [png.asset], { boardId: '1' })))
      .catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(missing)).toBe(true);
    expect((missing as ContentRejectedError).status).toBe(404);
    expect((missing as ContentRejectedError).field).toBe('options.boardId');
  });

  it('deletes a Pin, and a Pin already gone is fine', async () => {
    const { fake, adapter, request, connected, board } = await setup();
    const result = await adapter.publish(request(pin('bye', [png.asset], { boardId: board.id })));
    await adapter.delete({ ...connected, externalId: result.externalId });
    expect(fake.posts()).toHaveLength(0);
    await expect(adapter.delete({ ...connected, externalId: result.externalId })).resolves.toBeUndefined();
    expect(fake.server.requestsTo('DELETE', `/v5/pins/${result.externalId}`)).toHaveLength(2);
  });

  it('finds a Pin only when board, description, title and link all match', async () => {
    const { adapter, request, board, fake } = await setup();
    const other = fake.addBoard('Other');
    const options = { boardId: board.id, title: 'T', link: 'https://relaypost.dev/x' };
    const landed = await adapter.publish(request(pin('Same text', [png.asset], options)));
    expect((await adapter.findPublished(request(pin('Same text', [png.asset], options))))?.externalId).toBe(
      landed.externalId,
    );
    expect(
      await adapter.findPublished(request(pin('Same text', [png.asset], { ...options, title: 'U' }))),
    ).toBeNull();
    expect(
      await adapter.findPublished(
        request(pin('Same text', [png.asset], { ...options, link: 'https://relaypost.dev/y' })),
      ),
    ).toBeNull();
    expect(
      await adapter.findPublished(request(pin('Same text', [png.asset], { ...options, boardId: other.id }))),
    ).toBeNull();
  });
});

describe('pinterest video pins', () => {
  it('registers, uploads the form with the file last, waits for processing, and pins it', async () => {
    const { fake, adapter, request, board } = await setup({ processingPolls: 2 });
    const progress: JsonValue[] = [];
    const result = await adapter.publish(
      request(pin('A clip', [clip.asset], { boardId: board.id }), {
        reportProgress: (p) => progress.push(p),
      }),
    );
    expect(fake.server.requestsTo('POST', '/v5/media')[0]?.json).toEqual({ media_type: 'video' });
    const upload = fake.server.requestsTo('POST', '/upload/')[0];
    expect(Object.keys(upload?.multipart ?? {}).at(-1)).toBe('file');
    expect(upload?.headers.authorization).toBeUndefined();
    const item = fake.media()[0];
    expect(item?.bytes?.equals(clip.bytes)).toBe(true);
    expect(fake.server.requestsTo('GET', `/v5/media/${item?.id}`)).toHaveLength(3);
    expect(lastPinBody(fake)?.media_source).toEqual({
      source_type: 'video_id',
      media_id: item?.id,
      cover_image_key_frame_time: 0,
    });
    expect(progress).toEqual([{ videoMediaId: item?.id }]);
    expect(fake.posts().find((p) => p.id === result.externalId)?.mediaCount).toBe(1);
  });

  it('uses the cover image URL from the options', async () => {
    const { fake, adapter, request, board, host } = await setup();
    const cover = (await host.urlFor(png.asset, { expiresInSeconds: 60 })).toString();
    await adapter.publish(request(pin('Covered', [clip.asset], { boardId: board.id, coverImageUrl: cover })));
    expect(lastPinBody(fake)?.media_source).toMatchObject({
      source_type: 'video_id',
      cover_image_url: cover,
    });
    expect(fake.pins().at(-1)?.cover).toEqual({ url: cover });
  });

  it('a failed processing is a content rejection and creates no Pin', async () => {
    const { fake, adapter, request, board } = await setup();
    fake.failNextProcessing();
    const error = await adapter
      .publish(request(pin('bad', [clip.asset], { boardId: board.id })))
      .catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(error)).toBe(true);
    expect((error as ContentRejectedError).field).toBe('media');
    expect(fake.posts()).toHaveLength(0);
  });

  it('running out of polling time is transient, and the retry reuses the uploaded video', async () => {
    const { fake, adapter, request, board } = await setup(
      { processingPolls: 50 },
      { videoPolling: { delayMs: 1, timeoutMs: 20 } },
    );
    const progress: JsonValue[] = [];
    const content = pin('slow', [clip.asset], { boardId: board.id });
    const first = await adapter
      .publish(request(content, { reportProgress: (p) => progress.push(p) }))
      .catch((e: unknown) => e);
    expect(TransientError.isInstance(first)).toBe(true);
    expect(progress).toHaveLength(1);
    const item = fake.media()[0];
    if (item) item.pollsLeft = 0;
    await adapter.publish(request(content, { resumeFrom: progress[0] }));
    expect(fake.server.requestsTo('POST', '/v5/media')).toHaveLength(1);
    expect(fake.server.requestsTo('POST', '/upload/')).toHaveLength(1);
    expect(fake.posts()).toHaveLength(1);
  });

  it('uploads again when the recorded video is unknown', async () => {
    const { fake, adapter, request, board } = await setup();
    await adapter.publish(
      request(pin('again', [clip.asset], { boardId: board.id }), { resumeFrom: { videoMediaId: '42' } }),
    );
    expect(fake.server.requestsTo('GET', '/v5/media/42')).toHaveLength(1);
    expect(fake.server.requestsTo('POST', '/v5/media')).toHaveLength(1);
  });
});
