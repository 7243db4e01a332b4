import type { Keyring } from '../../crypto/keyring.js';
import { ConflictError, NotFoundError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import { accountStatusSchema } from '../../schemas/account.js';
import type { Post } from '../../schemas/post.js';
import {
  accountRecordFromConnect,
  accountWithNewCredentials,
  connectedAccount,
  parseConnectInput,
  parseCredentialsInput,
} from '../shared/account.js';
import { parseId } from '../shared/ids.js';
import { listAccountsFilterSchema, listExpiringSchema, parseArg } from '../shared/inputs.js';
import { hasPendingTargetOn } from '../shared/post.js';
import { openCredentials } from '../shared/secrets.js';
import { nowInstant, toInstant } from '../shared/time.js';
import type { AccountStore } from '../types.js';
import {
  byCreation,
  type MemoryDatabase,
  type MemoryTables,
  requireInWorkspace,
  requireWorkspace,
  rowKey,
  sortedBy,
} from './database.js';
import { postsOf } from './workspaces.js';

export function createMemoryAccountStore(db: MemoryDatabase, keyring: Keyring): AccountStore {
  const ids = (workspaceId: string, accountId: string) =>
    [parseId(workspaceId, 'workspaceId'), parseId(accountId, 'accountId')] as const;

  return {
    async connect(workspaceId, input) {
      const ws = parseId(workspaceId, 'workspaceId');
      const parsed = parseConnectInput(input);
      const record = db.write((t) => {
        requireWorkspace(t, ws);
        const existing = [...t.accounts.values()].find(
          (a) => a.workspaceId === ws && a.platform === parsed.platform && a.externalId === parsed.externalId,
        );
        const next = accountRecordFromConnect(ws, parsed, existing, keyring, nowInstant());
        if (existing === undefined && t.accounts.has(rowKey(ws, next.id))) {
          throw new ConflictError(`account ${next.id} already exists`);
        }
        t.accounts.set(rowKey(ws, next.id), next);
        return next;
      });
      return connectedAccount(record);
    },

    async get(workspaceId, accountId) {
      const [ws, id] = ids(workspaceId, accountId);
      return connectedAccount(db.read((t) => requireInWorkspace(t.accounts, 'account', ws, id)));
    },

    async list(workspaceId, filter) {
      const ws = parseId(workspaceId, 'workspaceId');
      const { platform, status } = parseOrThrow(listAccountsFilterSchema, filter ?? {}, 'account filter');
      const rows = db.read((t) =>
        [...t.accounts.values()].filter(
          (a) =>
            a.workspaceId === ws &&
            (platform === undefined || a.platform === platform) &&
            (status === undefined || a.status === status),
        ),
      );
      return sortedBy(rows, byCreation).map(connectedAccount);
    },

    async getCredentials(workspaceId, accountId) {
      const [ws, id] = ids(workspaceId, accountId);
      const record = db.read((t) => requireInWorkspace(t.accounts, 'account', ws, id));
      if (record.credentials === null) throw new NotFoundError('credentials', id);
      return openCredentials(keyring, record, record.credentials);
    },

    async updateCredentials(workspaceId, accountId, credentials) {
      const [ws, id] = ids(workspaceId, accountId);
      const parsed = parseCredentialsInput(credentials);
      const record = db.write((t) => {
        const next = accountWithNewCredentials(
          requireInWorkspace(t.accounts, 'account', ws, id),
          parsed,
          keyring,
          nowInstant(),
        );
        t.accounts.set(rowKey(ws, id), next);
        return next;
      });
      return connectedAccount(record);
    },

    async setStatus(workspaceId, accountId, status) {
      const [ws, id] = ids(workspaceId, accountId);
      const parsed = parseArg(accountStatusSchema, status, 'status');
      const record = db.write((t) => {
        const next = {
          ...requireInWorkspace(t.accounts, 'account', ws, id),
          status: parsed,
          updatedAt: nowInstant(),
        };
        t.accounts.set(rowKey(ws, id), next);
        return next;
      });
      return connectedAccount(record);
    },

    async listExpiring(before, options) {
      const parsed = parseOrThrow(listExpiringSchema, { before, ...options }, 'listExpiring');
      const cutoff = toInstant(parsed.before);
      return db.read((t) =>
        [...t.accounts.values()]
          .filter(
            (a) =>
              a.status === 'connected' &&
              a.credentials !== null &&
              a.expiresAt !== null &&
              a.expiresAt < cutoff,
          )
          .sort((a, b) =>
            a.expiresAt! < b.expiresAt! ? -1 : a.expiresAt! > b.expiresAt! ? 1 : a.id < b.id ? -1 : 1,
          )
          .slice(0, parsed.limit)
          .map((a) => ({
            workspaceId: a.workspaceId,
            accountId: a.id,
            platform: a.platform,
            expiresAt: a.expiresAt!,
          })),
      );
    },

    async disconnect(workspaceId, accountId) {
      const [ws, id] = ids(workspaceId, accountId);
      return db.write((t) => {
        const account = requireInWorkspace(t.accounts, 'account', ws, id);
        const now = nowInstant();
        t.accounts.set(rowKey(ws, id), {
          ...account,
          status: 'disconnected',
          credentials: null,
          expiresAt: null,
          updatedAt: now,
        });
        return { affectedPostIds: cancelPendingTargets(t, ws, id, now) };
      });
    },

    async erase(workspaceId, accountId) {
      const [ws, id] = ids(workspaceId, accountId);
      return db.write((t) => {
        requireInWorkspace(t.accounts, 'account', ws, id);
        t.accounts.delete(rowKey(ws, id));
        return { affectedPostIds: cancelPendingTargets(t, ws, id, nowInstant()) };
      });
    },
  };
}

/** Cancels the account's pending targets on posts that are not final; returns those posts' ids. */
function cancelPendingTargets(
  t: MemoryTables,
  workspaceId: string,
  accountId: string,
  now: string,
): string[] {
  const affected = postsOf(t, workspaceId).filter((p) => hasPendingTargetOn(p, accountId));
  for (const post of affected) {
    const next: Post = {
      ...post,
      targets: post.targets.map((target) =>
        target.accountId === accountId && target.status === 'pending'
          ? { ...target, status: 'cancelled', updatedAt: now }
          : target,
      ),
      version: post.version + 1,
      updatedAt: now,
    };
    t.posts.set(rowKey(workspaceId, post.id), next);
  }
  return affected.map((p) => p.id);
}
