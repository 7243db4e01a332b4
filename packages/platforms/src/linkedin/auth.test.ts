import { type Credentials, NeedsReconnectError, type PublishRequest } from '@relaypost/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authorizeAtFake, connectThroughAuth } from '../conformance/index.js';
import { memoryMediaAccess } from '../testing/media-fixtures.js';
import { LINKEDIN_MEMBER_SCOPES, LINKEDIN_ORGANIZATION_SCOPES } from './adapter.js';
import type { LinkedInFake } from './fake/index.js';
import { png, post, startLinkedIn } from './test-fixtures.js';

const redirectUri = 'https://app.example.test/oauth/linkedin';
const allScopes = [...LINKEDIN_MEMBER_SCOPES, ...LINKEDIN_ORGANIZATION_SCOPES];
const DAY = 24 * 3600 * 1000;
let fake: LinkedInFake | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await fake?.close();
  fake = undefined;
});

async function exchange(adapter: Awaited<ReturnType<typeof startLinkedIn>>['adapter']) {
  const { code } = await authorizeAtFake(adapter, redirectUri);
  return adapter.auth.exchangeCode({ code, redirectUri });
}

describe('linkedin authorization', () => {
  it('asks for space-separated scopes without PKCE, and sends the client credentials in the token form', async () => {
    const started = await startLinkedIn({}, { scopes: allScopes });
    fake = started.fake;
    const { authorizationUrl, code } = await authorizeAtFake(started.adapter, redirectUri);
    expect(authorizationUrl.pathname).toBe('/oauth/v2/authorization');
    expect(authorizationUrl.searchParams.get('response_type')).toBe('code');
    expect(authorizationUrl.searchParams.get('scope')).toBe(allScopes.join(' '));
    expect(authorizationUrl.searchParams.has('code_challenge')).toBe(false);
    await started.adapter.auth.exchangeCode({ code, redirectUri });
    const form = fake.server.requestsTo('POST', '/oauth/v2/accessToken')[0]?.form;
    expect(form).toEqual({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: 'linkedin-fake-client',
      client_secret: 'linkedin-fake-secret',
    });
  });

  it('returns the member (from /v2/userinfo sub) and the organizations it administers', async () => {
    const started = await startLinkedIn({}, { scopes: allScopes });
    fake = started.fake;
    const accounts = await exchange(started.adapter);
    expect(accounts.map((a) => [a.externalId, a.handle, a.displayName])).toEqual([
      [fake.memberUrn, 'Robin Relay', 'Robin Relay'],
      ['urn:li:organization:2414183', 'relaypost', 'RelayPost Inc.'],
    ]);
    expect(accounts[1]?.metadata).toEqual({
      authorType: 'organization',
      authorUrn: 'urn:li:organization:2414183',
      memberUrn: fake.memberUrn,
      role: 'ADMINISTRATOR',
    });
    // The analyst role is not a posting role, and was never asked for.
    const acl = fake.server.requestsTo('GET', '/rest/organizationAcls');
    expect(acl.map((r) => [r.query.q, r.query.role, r.query.state])).toEqual([
      ['roleAssignee', 'ADMINISTRATOR', 'APPROVED'],
    ]);
    expect(accounts[0]?.scopes).toEqual(allScopes);
  });

  it('lists organizations only when the grant allows posting for them', async () => {
    const started = await startLinkedIn({}, { scopes: LINKEDIN_MEMBER_SCOPES });
    fake = started.fake;
    const accounts = await exchange(started.adapter);
    expect(accounts.map((a) => a.externalId)).toEqual([fake.memberUrn]);
    expect(fake.server.requestsTo('GET', '/rest/organizationAcls')).toHaveLength(0);
  });

  it('can offer organizations only, for more roles, and skips roles not approved', async () => {
    const started = await startLinkedIn(
      {
        organizations: [
          { id: '1', name: 'Admin Co', vanityName: 'admin-co', role: 'ADMINISTRATOR' },
          { id: '2', name: 'Content Co', vanityName: 'content-co', role: 'CONTENT_ADMINISTRATOR' },
          { id: '3', name: 'Asked Co', vanityName: 'asked-co', role: 'ADMINISTRATOR', state: 'REQUESTED' },
        ],
      },
      {
        scopes: allScopes,
        includeMember: false,
        organizationRoles: ['ADMINISTRATOR', 'CONTENT_ADMINISTRATOR'],
      },
    );
    fake = started.fake;
    const accounts = await exchange(started.adapter);
    expect(accounts.map((a) => a.externalId)).toEqual(['urn:li:organization:1', 'urn:li:organization:2']);
  });

  it('posts as an organization: the organization owns the media and authors the post', async () => {
    const started = await startLinkedIn({}, { scopes: allScopes });
    fake = started.fake;
    const connected = await connectThroughAuth(started.adapter, {
      redirectUri,
      pick: (accounts) =>
        accounts.find((a) => a.externalId.startsWith('urn:li:organization:')) ?? accounts[0]!,
    });
    const request: PublishRequest = {
      account: connected.account,
      credentials: connected.credentials,
      content: post('Company news (Q3)', [png.asset]),
      media: memoryMediaAccess([png]),
      idempotencyKey: crypto.randomUUID(),
    };
    const result = await started.adapter.publish(request);
    expect(fake.server.requestsTo('POST', '/rest/images')[0]?.json).toEqual({
      initializeUploadRequest: { owner: 'urn:li:organization:2414183' },
    });
    expect(fake.linkedInPosts()[0]).toMatchObject({
      author: 'urn:li:organization:2414183',
      text: 'Company news (Q3)',
    });
    expect((await started.adapter.findPublished(request))?.externalId).toBe(result.externalId);
    const connections = await started.adapter
      .publish({ ...request, content: post('x', [], { options: { visibility: 'CONNECTIONS' } }) })
      .catch((e: unknown) => e);
    expect((connections as { field?: string }).field).toBe('options.visibility');
  });

  it('refuses posting for an organization the member only analyses', async () => {
    const started = await startLinkedIn({}, { scopes: allScopes });
    fake = started.fake;
    const connected = await connectThroughAuth(started.adapter, { redirectUri });
    const error = await started.adapter
      .publish({
        account: { ...connected.account, externalId: 'urn:li:organization:5515715' },
        credentials: connected.credentials,
        content: post('not mine'),
        media: memoryMediaAccess([]),
        idempotencyKey: crypto.randomUUID(),
      })
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
    expect((error as NeedsReconnectError).status).toBe(403);
  });
});

describe('linkedin refresh', () => {
  it('a refresh keeps the refresh token and does not extend its lifetime', async () => {
    const start = Date.parse('2026-03-01T10:00:00Z');
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const started = await startLinkedIn({ refreshTokens: true });
    fake = started.fake;
    const connected = await connectThroughAuth(started.adapter, { redirectUri });
    const first = connected.credentials;
    expect(first.refreshTokenExpiresAt).toBe(new Date(start + 365 * DAY).toISOString());
    expect(first.expiresAt).toBe(new Date(start + 60 * DAY).toISOString());

    vi.setSystemTime(start + 59 * DAY);
    const refreshed = await started.adapter.auth.refresh!(first);
    expect(refreshed.refreshToken).toBe(first.refreshToken?.reveal());
    expect(refreshed.refreshTokenExpiresAt).toBe(first.refreshTokenExpiresAt);
    expect(refreshed.expiresAt).toBe(new Date(start + 119 * DAY).toISOString());
    expect(refreshed.accessToken).not.toBe(first.accessToken.reveal());
  });

  it('without partner refresh tokens, refresh asks for a reconnect', async () => {
    const started = await startLinkedIn();
    fake = started.fake;
    const connected = await connectThroughAuth(started.adapter, { redirectUri });
    expect(connected.credentials.refreshToken).toBeNull();
    await expect(started.adapter.auth.refresh!(connected.credentials)).rejects.toSatisfy((e: unknown) =>
      NeedsReconnectError.isInstance(e),
    );
  });

  it('a revoked app needs a reconnect, for refresh and publish alike', async () => {
    const started = await startLinkedIn({ refreshTokens: true });
    fake = started.fake;
    const connected = await connectThroughAuth(started.adapter, { redirectUri });
    fake.revokeTokens();
    await expect(started.adapter.auth.refresh!(connected.credentials)).rejects.toSatisfy((e: unknown) =>
      NeedsReconnectError.isInstance(e),
    );
    const error = await started.adapter
      .publish({
        account: connected.account,
        credentials: connected.credentials,
        content: post('after revoke'),
        media: memoryMediaAccess([]),
        idempotencyKey: crypto.randomUUID(),
      })
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
  });

  it('refreshes a token about to expire before posting, and hands the new one over', async () => {
    const started = await startLinkedIn({ refreshTokens: true });
    fake = started.fake;
    const connected = await connectThroughAuth(started.adapter, { redirectUri });
    fake.expireAccessTokens();
    const credentials: Credentials = {
      ...connected.credentials,
      expiresAt: new Date(Date.now() + 1000).toISOString(),
    };
    const handed: unknown[] = [];
    const result = await started.adapter.publish({
      account: connected.account,
      credentials,
      content: post('fresh token'),
      media: memoryMediaAccess([]),
      idempotencyKey: crypto.randomUUID(),
      onCredentialsRefreshed: async (c) => {
        handed.push(c);
      },
    });
    expect(result.externalId).toBeTruthy();
    expect(handed).toHaveLength(1);
  });
});
