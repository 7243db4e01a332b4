import { describe, expect, it } from 'vitest';
import { createKeyring, generateEncryptionKey } from '../crypto/keyring.js';
import { DecryptionError } from '../errors/decryption-error.js';
import type { ConformanceContext } from './context.js';
import { mediaInput, postInput, rejection, SECRETS, seedWorkspace } from './fixtures.js';

export function secretTests(ctx: () => ConformanceContext): void {
  describe('secrets', () => {
    it('exports everything but secrets', async () => {
      const { store } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const media = await store.media.add(workspace.id, mediaInput());
      const { post } = await store.posts.create(workspace.id, postInput([account.id]));
      const event = await store.history.append(workspace.id, { type: 'post.created', postId: post.id });

      const exported = await store.workspaces.export(workspace.id);
      expect(exported).toMatchObject({
        format: 'relaypost.workspace-export',
        version: 1,
        workspace: {
          id: workspace.id,
          name: 'Acme',
          ai: { hasApiKey: true, tone: 'friendly' },
          telegram: { hasBotToken: true, approverChatIds: [42] },
          webhook: { hasSecret: true, url: 'https://example.com/hook' },
        },
        accounts: [account],
        posts: [post],
        media: [media],
        history: [event],
      });
      const text = JSON.stringify(exported);
      for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
      expect(text).not.toContain('rp1:');
    });

    it('keeps secrets encrypted at rest: without the key they cannot be read', async (test) => {
      const { store, reopen } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const stranger = await reopen(createKeyring({ keys: [{ id: 'k1', key: generateEncryptionKey() }] }));
      if (stranger === undefined) return test.skip('the factory cannot reopen its data');
      const error = await rejection(
        stranger.accounts.getCredentials(workspace.id, account.id),
        DecryptionError.isInstance,
      );
      for (const secret of Object.values(SECRETS)) expect(error.message).not.toContain(secret);
      await rejection(stranger.workspaces.get(workspace.id), DecryptionError.isInstance);
      // Data without secrets still reads.
      expect(await stranger.accounts.get(workspace.id, account.id)).toEqual(account);
    });

    it('re-encrypts every secret with the new primary key after a rotation', async (test) => {
      const { store, keyring: oldKeyring, key: oldKey, reopen } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      // Rotation: the new key comes first (it encrypts), the old one stays listed to decrypt.
      const newKey = { id: 'k2', key: generateEncryptionKey() };
      const rotated = await reopen(createKeyring({ keys: [newKey, oldKey] }));
      if (rotated === undefined) return test.skip('the factory cannot reopen its data');
      expect(await rotated.reencryptSecrets()).toEqual({ reencrypted: 4 });
      expect(await rotated.reencryptSecrets()).toEqual({ reencrypted: 0 });

      const onlyNew = await reopen(createKeyring({ keys: [newKey] }));
      const creds = await onlyNew!.accounts.getCredentials(workspace.id, account.id);
      expect(creds.accessToken.reveal()).toBe(SECRETS.accessToken);
      expect(creds.extra.pageToken?.reveal()).toBe(SECRETS.extra);
      const ws = await onlyNew!.workspaces.get(workspace.id);
      expect(ws.ai?.anthropicApiKey?.reveal()).toBe(SECRETS.anthropicApiKey);
      expect(ws.telegram?.botToken?.reveal()).toBe(SECRETS.botToken);
      expect(ws.webhook?.secret?.reveal()).toBe(SECRETS.webhookSecret);
      // The old keyring no longer opens anything.
      const oldOnly = await reopen(oldKeyring);
      await rejection(oldOnly!.accounts.getCredentials(workspace.id, account.id), DecryptionError.isInstance);
    });
  });
}
