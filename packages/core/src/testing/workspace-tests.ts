import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../crypto/secret.js';
import { NotFoundError } from '../errors/relaypost-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { ConformanceContext } from './context.js';
import { rejection, SECRETS, workspaceInput } from './fixtures.js';

export function workspaceTests(ctx: () => ConformanceContext): void {
  describe('workspaces', () => {
    it('creates, reads and lists a workspace with its secrets as Secret objects', async () => {
      const { store } = ctx();
      const created = await store.workspaces.create(workspaceInput());
      expect(created).toMatchObject({
        name: 'Acme',
        timeZone: 'Europe/Berlin',
        ai: { model: 'claude-sonnet-5-5', tone: 'friendly', brandVoiceSamples: [] },
        telegram: { approverChatIds: [42], approverUserIds: [7] },
        webhook: { url: 'https://example.com/hook' },
      });
      const read = await store.workspaces.get(created.id);
      expect(read.ai?.anthropicApiKey).toBeInstanceOf(Secret);
      expect(read.ai?.anthropicApiKey?.reveal()).toBe(SECRETS.anthropicApiKey);
      expect(read.telegram?.botToken?.reveal()).toBe(SECRETS.botToken);
      expect(read.webhook?.secret?.reveal()).toBe(SECRETS.webhookSecret);
      expect(JSON.stringify(read)).not.toContain(SECRETS.webhookSecret);
      expect(read.createdAt).toBe(created.createdAt);
      expect((await store.workspaces.list()).items.map((w) => w.id)).toEqual([created.id]);
    });

    it('keeps stored secrets when an update leaves them out, and drops them with their section', async () => {
      const { store } = ctx();
      const { id } = await store.workspaces.create(workspaceInput());
      const renamed = await store.workspaces.update(id, { name: 'Acme 2', ai: { tone: 'dry' } });
      expect(renamed.name).toBe('Acme 2');
      expect(renamed.ai?.tone).toBe('dry');
      expect(renamed.ai?.anthropicApiKey?.reveal()).toBe(SECRETS.anthropicApiKey);
      expect(renamed.telegram?.botToken?.reveal()).toBe(SECRETS.botToken);

      const changed = await store.workspaces.update(id, {
        webhook: null,
        telegram: { botToken: '987654321:new-token-abcdefghijklmnopqrstuvwxyz', approverUserIds: [8] },
      });
      expect(changed.webhook).toBeNull();
      expect(changed.telegram?.botToken?.reveal()).toBe('987654321:new-token-abcdefghijklmnopqrstuvwxyz');
      expect(changed.telegram?.approverUserIds).toEqual([8]);

      const reread = await store.workspaces.get(id);
      expect(reread.webhook).toBeNull();
      expect(reread.ai?.anthropicApiKey?.reveal()).toBe(SECRETS.anthropicApiKey);
      expect(reread.updatedAt >= reread.createdAt).toBe(true);

      const again = await store.workspaces.update(id, { webhook: { url: 'https://example.com/other' } });
      expect(again.webhook).toEqual({ url: 'https://example.com/other', secret: null });
    });

    it('names the invalid field', async () => {
      const { store } = ctx();
      const error = await rejection(
        store.workspaces.create({ name: '', timeZone: 'Mars/Base' }),
        ValidationError.isInstance,
      );
      expect(error.issues.map((i) => i.path).sort()).toEqual(['name', 'timeZone']);
      const update = await rejection(
        store.workspaces.update(randomUUID(), { webhook: { url: 'not a url' } }),
        ValidationError.isInstance,
      );
      expect(update.issues.map((i) => i.path)).toEqual(['webhook.url']);
      const badId = await rejection(store.workspaces.get('nope'), ValidationError.isInstance);
      expect(badId.issues[0]?.path).toBe('workspaceId');
    });

    it('fails with NotFoundError for unknown workspaces', async () => {
      const { store } = ctx();
      const id = randomUUID();
      const error = await rejection(store.workspaces.get(id), NotFoundError.isInstance);
      expect(error).toMatchObject({ entity: 'workspace', id });
      await rejection(store.workspaces.update(id, { name: 'x' }), NotFoundError.isInstance);
      await rejection(store.workspaces.erase(id), NotFoundError.isInstance);
      await rejection(store.workspaces.export(id), NotFoundError.isInstance);
      await rejection(
        store.accounts.connect(id, {
          platform: 'x',
          externalId: '1',
          handle: 'h',
          credentials: { accessToken: 't' },
        }),
        NotFoundError.isInstance,
      );
    });

    it('pages through workspaces with opaque cursors', async () => {
      const { store } = ctx();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await store.workspaces.create({ name: `W${i}` })).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.workspaces.list({ limit: 2, ...(cursor && { cursor }) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((w) => w.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor !== undefined);
      expect(pages).toBe(3);
      const all = await store.workspaces.list({ limit: 10 });
      expect(seen).toEqual(all.items.map((w) => w.id));
      expect([...seen].sort()).toEqual([...ids].sort());
      expect(all.nextCursor).toBeNull();
      const bad = await rejection(store.workspaces.list({ cursor: 'garbage' }), ValidationError.isInstance);
      expect(bad.issues[0]?.path).toBe('cursor');
      const limit = await rejection(store.workspaces.list({ limit: 0 }), ValidationError.isInstance);
      expect(limit.issues[0]?.path).toBe('limit');
    });
  });
}
