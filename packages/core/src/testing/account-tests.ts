import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../errors/relaypost-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { ConformanceContext } from './context.js';
import { accountInput, rejection, SECRETS, workspaceInput } from './fixtures.js';

export function accountTests(ctx: () => ConformanceContext): void {
  describe('accounts', () => {
    it('connects an account and hands out its credentials only on request', async () => {
      const { store } = ctx();
      const ws = await store.workspaces.create(workspaceInput());
      const account = await store.accounts.connect(
        ws.id,
        accountInput({ avatarUrl: 'https://example.com/a.png' }),
      );
      expect(account).toMatchObject({
        workspaceId: ws.id,
        platform: 'bluesky',
        handle: 'acme.bsky.social',
        displayName: 'Acme',
        avatarUrl: 'https://example.com/a.png',
        scopes: ['atproto'],
        status: 'connected',
        expiresAt: '2030-01-01T00:00:00.000Z',
        metadata: { kind: 'person' },
      });
      expect(account).not.toHaveProperty('credentials');
      expect(await store.accounts.get(ws.id, account.id)).toEqual(account);

      const credentials = await store.accounts.getCredentials(ws.id, account.id);
      expect(credentials.accessToken.reveal()).toBe(SECRETS.accessToken);
      expect(credentials.refreshToken?.reveal()).toBe(SECRETS.refreshToken);
      expect(credentials.extra.pageToken?.reveal()).toBe(SECRETS.extra);
      expect(credentials).toMatchObject({ expiresAt: '2030-01-01T00:00:00.000Z', tokenType: 'Bearer' });
      expect(JSON.stringify(credentials)).not.toContain(SECRETS.accessToken);
    });

    it('treats connecting the same platform account again as a reconnect', async () => {
      const { store } = ctx();
      const ws = await store.workspaces.create(workspaceInput());
      const first = await store.accounts.connect(ws.id, accountInput({ externalId: 'did:plc:same' }));
      await store.accounts.setStatus(ws.id, first.id, 'needs_reconnect');
      const again = await store.accounts.connect(
        ws.id,
        accountInput({
          externalId: 'did:plc:same',
          handle: 'renamed.bsky.social',
          credentials: { accessToken: 'fresh' },
        }),
      );
      expect(again.id).toBe(first.id);
      expect(again).toMatchObject({ handle: 'renamed.bsky.social', status: 'connected', expiresAt: null });
      expect(again.createdAt).toBe(first.createdAt);
      expect((await store.accounts.getCredentials(ws.id, first.id)).accessToken.reveal()).toBe('fresh');
      expect(await store.accounts.list(ws.id)).toHaveLength(1);
    });

    it('keeps the refresh token and extras when a refresh returns none', async () => {
      const { store } = ctx();
      const ws = await store.workspaces.create(workspaceInput());
      const account = await store.accounts.connect(ws.id, accountInput());
      const updated = await store.accounts.updateCredentials(ws.id, account.id, {
        accessToken: 'access-2',
        expiresAt: '2031-01-01T00:00:00+01:00',
      });
      expect(updated.expiresAt).toBe('2030-12-31T23:00:00.000Z');
      let creds = await store.accounts.getCredentials(ws.id, account.id);
      expect(creds.accessToken.reveal()).toBe('access-2');
      expect(creds.refreshToken?.reveal()).toBe(SECRETS.refreshToken);
      expect(creds.extra.pageToken?.reveal()).toBe(SECRETS.extra);

      await store.accounts.updateCredentials(ws.id, account.id, {
        accessToken: 'access-3',
        refreshToken: 'refresh-3',
      });
      creds = await store.accounts.getCredentials(ws.id, account.id);
      expect(creds.refreshToken?.reveal()).toBe('refresh-3');
      expect(creds.expiresAt).toBeNull();
    });

    it('lists by platform and status, and lists expiring tokens across workspaces', async () => {
      const { store } = ctx();
      const a = await store.workspaces.create(workspaceInput({ name: 'A' }));
      const b = await store.workspaces.create(workspaceInput({ name: 'B' }));
      const soon = await store.accounts.connect(
        a.id,
        accountInput({ credentials: { accessToken: 't', expiresAt: '2026-01-01T10:00:00Z' } }),
      );
      const sooner = await store.accounts.connect(
        b.id,
        accountInput({ platform: 'x', credentials: { accessToken: 't', expiresAt: '2026-01-01T09:00:00Z' } }),
      );
      const broken = await store.accounts.connect(
        a.id,
        accountInput({ platform: 'x', credentials: { accessToken: 't', expiresAt: '2026-01-01T08:00:00Z' } }),
      );
      await store.accounts.connect(
        a.id,
        accountInput({ credentials: { accessToken: 't', expiresAt: '2027-01-01T00:00:00Z' } }),
      );
      await store.accounts.setStatus(a.id, broken.id, 'needs_reconnect');

      expect((await store.accounts.list(a.id, { platform: 'x' })).map((x) => x.id)).toEqual([broken.id]);
      expect((await store.accounts.list(a.id, { status: 'needs_reconnect' })).map((x) => x.id)).toEqual([
        broken.id,
      ]);
      expect(await store.accounts.list(a.id, { platform: 'bluesky', status: 'connected' })).toHaveLength(2);

      const expiring = await store.accounts.listExpiring('2026-06-01T00:00:00Z');
      expect(expiring).toEqual([
        { workspaceId: b.id, accountId: sooner.id, platform: 'x', expiresAt: '2026-01-01T09:00:00.000Z' },
        { workspaceId: a.id, accountId: soon.id, platform: 'bluesky', expiresAt: '2026-01-01T10:00:00.000Z' },
      ]);
      expect(await store.accounts.listExpiring('2026-06-01T00:00:00Z', { limit: 1 })).toHaveLength(1);
    });

    it('validates input and fails for unknown accounts', async () => {
      const { store } = ctx();
      const ws = await store.workspaces.create(workspaceInput());
      const error = await rejection(
        store.accounts.connect(
          ws.id,
          accountInput({ platform: 'myspace' as 'x', credentials: { accessToken: '' } }),
        ),
        ValidationError.isInstance,
      );
      expect(error.issues.map((i) => i.path).sort()).toEqual(['credentials.accessToken', 'platform']);
      const status = await rejection(
        store.accounts.setStatus(ws.id, randomUUID(), 'gone' as 'connected'),
        ValidationError.isInstance,
      );
      expect(status.issues[0]?.path).toBe('status');
      const missing = randomUUID();
      const notFound = await rejection(store.accounts.get(ws.id, missing), NotFoundError.isInstance);
      expect(notFound).toMatchObject({ entity: 'account', id: missing });
      await rejection(store.accounts.getCredentials(ws.id, missing), NotFoundError.isInstance);
      await rejection(
        store.accounts.updateCredentials(ws.id, missing, { accessToken: 'x' }),
        NotFoundError.isInstance,
      );
      await rejection(store.accounts.setStatus(ws.id, missing, 'connected'), NotFoundError.isInstance);
      await rejection(store.accounts.disconnect(ws.id, missing), NotFoundError.isInstance);
      await rejection(store.accounts.erase(ws.id, missing), NotFoundError.isInstance);
    });

    it('refuses an account id that is already taken in the workspace', async () => {
      const { store } = ctx();
      const a = await store.workspaces.create(workspaceInput({ name: 'A' }));
      const account = await store.accounts.connect(a.id, accountInput());
      await rejection(
        store.accounts.connect(a.id, accountInput({ id: account.id })),
        ConflictError.isInstance,
      );
      expect(await store.accounts.list(a.id)).toEqual([account]);
    });
  });
}
