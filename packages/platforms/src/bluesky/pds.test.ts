/**
 * The adapter against a real PDS (`@atproto/dev-env`, PLC + PDS on loopback, SQLite): login with
 * an app password, refresh, rich text with facets read back from the repo, images, threads,
 * idempotent retries and delete.
 */
import { TestNetworkNoAppView } from '@atproto/dev-env';
import {
  type AdapterAccount,
  type AdapterContent,
  type Credentials,
  credentialsFromInput,
  type PublishRequest,
} from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng, memoryMediaAccess, testMedia } from '../testing/media-fixtures.js';
import { createBluesky } from './adapter.js';
import { parseAtUri } from './record-key.js';

let network: TestNetworkNoAppView;
let service: string;
let bobDid: string;
let appPassword: string;
let account: AdapterAccount;
let credentials: Credentials;
let adapter: ReturnType<typeof createBluesky>;

const image = testMedia(makePng(32, 16, [250, 200, 20]), {
  mimeType: 'image/png',
  width: 32,
  height: 16,
  altText: 'A yellow banner, twice as wide as it is tall',
});
const media = memoryMediaAccess([image]);

async function xrpc(method: string, body: unknown, jwt?: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${service}/xrpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(jwt ? { authorization: `Bearer ${jwt}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function getRecord(uri: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const parts = parseAtUri(uri);
  if (!parts) throw new Error(`not an at:// URI: ${uri}`);
  const url = new URL(`${service}/xrpc/com.atproto.repo.getRecord`);
  url.searchParams.set('repo', parts.repo);
  url.searchParams.set('collection', parts.collection);
  url.searchParams.set('rkey', parts.rkey);
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function request(content: Partial<AdapterContent>, key = crypto.randomUUID()): PublishRequest {
  return {
    account,
    credentials,
    content: { text: '', media: [], thread: false, options: {}, ...content },
    media,
    idempotencyKey: key,
  };
}

interface StoredFacet {
  index: { byteStart: number; byteEnd: number };
  features: Array<{ $type: string; uri?: string; did?: string; tag?: string }>;
}

const sliceBytes = (text: string, facet: StoredFacet) =>
  Buffer.from(text, 'utf8').subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8');

beforeAll(async () => {
  network = await TestNetworkNoAppView.create({});
  service = network.pds.url;
  const alice = await xrpc('com.atproto.server.createAccount', {
    email: 'alice@example.test',
    handle: 'alice.test',
    password: 'alice-main-password',
  });
  const bob = await xrpc('com.atproto.server.createAccount', {
    email: 'bob@example.test',
    handle: 'bob.test',
    password: 'bob-main-password',
  });
  bobDid = String(bob.did);
  const created = await xrpc(
    'com.atproto.server.createAppPassword',
    { name: 'relaypost' },
    String(alice.accessJwt),
  );
  appPassword = String(created.password);

  adapter = createBluesky({ service });
  const connectable = await adapter.auth.login({ identifier: 'alice.test', password: appPassword });
  credentials = credentialsFromInput(connectable.credentials);
  account = {
    id: crypto.randomUUID(),
    externalId: connectable.externalId,
    handle: connectable.handle,
    metadata: connectable.metadata ?? {},
  };
}, 120_000);

afterAll(async () => {
  await network?.close();
}, 60_000);

describe('bluesky against a real PDS', () => {
  it('logs in with an app password, with expiries from the JWTs', () => {
    expect(account.externalId).toMatch(/^did:plc:/);
    expect(account.handle).toBe('alice.test');
    const expiresIn = Date.parse(credentials.expiresAt ?? '') - Date.now();
    expect(expiresIn).toBeGreaterThan(60 * 60 * 1000); // access JWTs last 2 hours
    expect(Date.parse(credentials.refreshTokenExpiresAt ?? '')).toBeGreaterThan(Date.now() + 30 * 86_400_000);
  });

  it('an app-password session has the appPass scope and may not manage the account (as the fake models)', async () => {
    const jwt = credentials.accessToken.reveal();
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(claims.scope).toBe('com.atproto.appPass');
    const refused = await fetch(`${service}/xrpc/com.atproto.server.createAppPassword`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'another' }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'InvalidToken', message: 'Bad token scope' });
  });

  it('publishes rich text whose facets slice out exactly the link, tag and mention', async () => {
    const link = 'https://example.com/日本/path?q=1&r=ü';
    const text = `Family 👩‍👩‍👧‍👦 thumbs 👍🏽 flag 🇯🇵 — 日本語のテキスト، مرحبا بالعالم، नमस्ते दुनिया. See ${link} #RelayPost और @bob.test 🧑🏿‍💻!`;
    const result = await adapter.publish(request({ text, options: { langs: ['en', 'ja'] } }));
    expect(result.warnings).toEqual([]);
    expect(result.url).toBe(
      `https://bsky.app/profile/alice.test/post/${parseAtUri(result.externalId)?.rkey}`,
    );

    const { status, body } = await getRecord(result.externalId);
    expect(status).toBe(200);
    const value = body.value as { text: string; facets: StoredFacet[]; langs: string[]; embed: unknown };
    expect(value.text).toBe(text);
    expect(value.langs).toEqual(['en', 'ja']);
    const byType = (type: string) => value.facets.filter((f) => f.features[0]?.$type === type);

    const [linkFacet] = byType('app.bsky.richtext.facet#link');
    expect(linkFacet && sliceBytes(text, linkFacet)).toBe(link);
    expect(linkFacet?.features[0]?.uri).toBe(link);

    const [tagFacet] = byType('app.bsky.richtext.facet#tag');
    expect(tagFacet && sliceBytes(text, tagFacet)).toBe('#RelayPost');
    expect(tagFacet?.features[0]?.tag).toBe('RelayPost');

    const [mentionFacet] = byType('app.bsky.richtext.facet#mention');
    expect(mentionFacet && sliceBytes(text, mentionFacet)).toBe('@bob.test');
    expect(mentionFacet?.features[0]?.did).toBe(bobDid);
    expect(value.facets).toHaveLength(3);

    // A post with a link and no images gets a link card.
    expect(value.embed).toEqual({
      $type: 'app.bsky.embed.external',
      external: { uri: link, title: link, description: '' },
    });
  });

  it('leaves an unresolvable mention as plain text with a warning', async () => {
    const result = await adapter.publish(request({ text: 'hello @nobody.test' }));
    expect(result.warnings.join()).toContain('@nobody.test');
    const { body } = await getRecord(result.externalId);
    expect((body.value as { facets?: unknown }).facets).toBeUndefined();
  });

  it('publishes an image with alt text and its aspect ratio', async () => {
    const result = await adapter.publish(request({ text: 'A banner 🖼️', media: [image.asset] }));
    const { body } = await getRecord(result.externalId);
    const embed = (body.value as { embed: { $type: string; images: Array<Record<string, unknown>> } }).embed;
    expect(embed.$type).toBe('app.bsky.embed.images');
    expect(embed.images).toHaveLength(1);
    expect(embed.images[0]?.alt).toBe(image.asset.altText);
    expect(embed.images[0]?.aspectRatio).toEqual({ width: 32, height: 16 });
    expect(embed.images[0]?.image).toMatchObject({
      $type: 'blob',
      mimeType: 'image/png',
      size: image.bytes.length,
    });
  });

  it('publishes long text as a reply thread, idempotently, finds it and deletes every part', async () => {
    const sentence = 'RelayPost splits long posts between sentences 🧵 और शब्दों के बीच. ';
    const text = sentence.repeat(12).trim();
    const req = request({ text, thread: true });
    const result = await adapter.publish(req);
    expect(result.parts.length).toBeGreaterThanOrEqual(2);

    const stored = await Promise.all(result.parts.map((p) => getRecord(p.externalId)));
    const root = stored[0]?.body;
    stored.forEach(({ status, body }, index) => {
      expect(status).toBe(200);
      const value = body.value as {
        text: string;
        reply?: { root: { uri: string }; parent: { uri: string } };
      };
      expect(
        [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value.text)].length,
      ).toBeLessThanOrEqual(300);
      if (index === 0) expect(value.reply).toBeUndefined();
      else {
        expect(value.reply?.root.uri).toBe(root?.uri);
        expect(value.reply?.parent.uri).toBe(result.parts[index - 1]?.externalId);
      }
    });
    expect(stored.map(({ body }) => (body.value as { text: string }).text).join(' ')).toBe(text);

    // A retry with the same key writes nothing new and returns the same posts.
    const again = await adapter.publish(req);
    expect(again.parts.map((p) => p.externalId)).toEqual(result.parts.map((p) => p.externalId));
    const found = await adapter.findPublished(req);
    expect(found?.parts.map((p) => p.externalId)).toEqual(result.parts.map((p) => p.externalId));

    await adapter.delete({ account, credentials, externalId: result.externalId, parts: result.parts });
    for (const part of result.parts) {
      const { status, body } = await getRecord(part.externalId);
      expect(status).toBe(400);
      expect(body.error).toBe('RecordNotFound');
    }
    expect(await adapter.findPublished(req)).toBeNull();
  });

  it('refreshes the session, and the refreshed credentials publish', async () => {
    const connectable = await adapter.auth.login({ identifier: 'alice.test', password: appPassword });
    const own = credentialsFromInput(connectable.credentials);
    const refreshed = await adapter.auth.refresh(own);
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(own.refreshToken?.reveal());
    expect(Date.parse(refreshed.expiresAt ?? '')).toBeGreaterThan(Date.now());
    const result = await adapter.publish({
      ...request({ text: 'Posted with a refreshed session ✅' }),
      credentials: credentialsFromInput(refreshed),
    });
    expect((await getRecord(result.externalId)).status).toBe(200);
  });
});
