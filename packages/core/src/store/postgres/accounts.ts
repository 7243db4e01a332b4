import { NotFoundError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import { accountStatusSchema } from '../../schemas/account.js';
import {
  accountRecordFromConnect,
  accountWithNewCredentials,
  connectedAccount,
  parseConnectInput,
  parseCredentialsInput,
} from '../shared/account.js';
import { parseId } from '../shared/ids.js';
import { listAccountsFilterSchema, listExpiringSchema, parseArg } from '../shared/inputs.js';
import type { AccountRecord } from '../shared/records.js';
import { openCredentials } from '../shared/secrets.js';
import { nowInstant, toInstant } from '../shared/time.js';
import type { AccountStore } from '../types.js';
import { inTransaction, type PostgresContext, readOnly, requireWorkspace, type Trx } from './context.js';
import { conflictOnDuplicate } from './errors.js';
import { pendingPostIds } from './posts.js';
import { accountFromRow, accountToRow } from './rows.js';

export function createPostgresAccountStore(ctx: PostgresContext): AccountStore {
  const { keyring } = ctx;
  const ids = (workspaceId: string, accountId: string) =>
    [parseId(workspaceId, 'workspaceId'), parseId(accountId, 'accountId')] as const;

  async function load(
    trx: Trx,
    workspaceId: string,
    accountId: string,
    lock = false,
  ): Promise<AccountRecord> {
    let query = trx
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', accountId);
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) throw new NotFoundError('account', accountId);
    return accountFromRow(row);
  }

  async function save(trx: Trx, record: AccountRecord): Promise<void> {
    const { id: _id, workspace_id: _ws, created_at: _created, ...changes } = accountToRow(record);
    await trx
      .updateTable('accounts')
      .set(changes)
      .where('workspace_id', '=', record.workspaceId)
      .where('id', '=', record.id)
      .execute();
  }

  /** Cancels the account's pending targets on posts that are not final; returns those posts' ids. */
  async function cancelPendingTargets(trx: Trx, workspaceId: string, accountId: string, now: string) {
    const postIds = await pendingPostIds(trx, workspaceId, accountId);
    if (postIds.length === 0) return postIds;
    await trx
      .updateTable('post_targets')
      .set({ status: 'cancelled', updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('post_id', 'in', postIds)
      .where('account_id', '=', accountId)
      .where('status', '=', 'pending')
      .execute();
    await trx
      .updateTable('posts')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', postIds)
      .execute();
    return postIds;
  }

  return {
    async connect(workspaceId, input) {
      const ws = parseId(workspaceId, 'workspaceId');
      const parsed = parseConnectInput(input);
      const record = await conflictOnDuplicate(
        `account ${parsed.id ?? parsed.externalId} already exists`,
        () =>
          inTransaction(ctx, async (trx) => {
            await requireWorkspace(trx, ws, true);
            const existing = await trx
              .selectFrom('accounts')
              .selectAll()
              .where('workspace_id', '=', ws)
              .where('platform', '=', parsed.platform)
              .where('external_id', '=', parsed.externalId)
              .forUpdate()
              .executeTakeFirst();
            const next = accountRecordFromConnect(
              ws,
              parsed,
              existing && accountFromRow(existing),
              keyring,
              nowInstant(),
            );
            if (existing === undefined) await trx.insertInto('accounts').values(accountToRow(next)).execute();
            else await save(trx, next);
            return next;
          }),
      );
      return connectedAccount(record);
    },

    async get(workspaceId, accountId) {
      const [ws, id] = ids(workspaceId, accountId);
      return connectedAccount(await readOnly(ctx, (db) => load(db, ws, id)));
    },

    async list(workspaceId, filter) {
      const ws = parseId(workspaceId, 'workspaceId');
      const f = parseOrThrow(listAccountsFilterSchema, filter ?? {}, 'account filter');
      const rows = await readOnly(ctx, (db) =>
        db
          .selectFrom('accounts')
          .selectAll()
          .where('workspace_id', '=', ws)
          .$if(f.platform !== undefined, (q) => q.where('platform', '=', f.platform!))
          .$if(f.status !== undefined, (q) => q.where('status', '=', f.status!))
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
      );
      return rows.map((row) => connectedAccount(accountFromRow(row)));
    },

    async getCredentials(workspaceId, accountId) {
      const [ws, id] = ids(workspaceId, accountId);
      const record = await readOnly(ctx, (db) => load(db, ws, id));
      if (record.credentials === null) throw new NotFoundError('credentials', id);
      return openCredentials(keyring, record, record.credentials);
    },

    async updateCredentials(workspaceId, accountId, credentials) {
      const [ws, id] = ids(workspaceId, accountId);
      const parsed = parseCredentialsInput(credentials);
      const record = await inTransaction(ctx, async (trx) => {
        const next = accountWithNewCredentials(await load(trx, ws, id, true), parsed, keyring, nowInstant());
        await save(trx, next);
        return next;
      });
      return connectedAccount(record);
    },

    async setStatus(workspaceId, accountId, status) {
      const [ws, id] = ids(workspaceId, accountId);
      const parsed = parseArg(accountStatusSchema, status, 'status');
      const record = await inTransaction(ctx, async (trx) => {
        const next = { ...(await load(trx, ws, id, true)), status: parsed, updatedAt: nowInstant() };
        await save(trx, next);
        return next;
      });
      return connectedAccount(record);
    },

    async listExpiring(before, options) {
      const parsed = parseOrThrow(listExpiringSchema, { before, ...options }, 'listExpiring');
      const rows = await readOnly(ctx, (db) =>
        db
          .selectFrom('accounts')
          .select(['workspace_id', 'id', 'platform', 'expires_at'])
          .where('status', '=', 'connected')
          .where('credentials', 'is not', null)
          .where('expires_at', '<', new Date(parsed.before))
          .orderBy('expires_at')
          .orderBy('id')
          .limit(parsed.limit)
          .execute(),
      );
      return rows.map((r) => ({
        workspaceId: r.workspace_id,
        accountId: r.id,
        platform: r.platform,
        expiresAt: toInstant(r.expires_at!),
      }));
    },

    async disconnect(workspaceId, accountId) {
      const [ws, id] = ids(workspaceId, accountId);
      return inTransaction(ctx, async (trx) => {
        const account = await load(trx, ws, id, true);
        const now = nowInstant();
        await save(trx, {
          ...account,
          status: 'disconnected',
          credentials: null,
          expiresAt: null,
          updatedAt: now,
        });
        return { affectedPostIds: await cancelPendingTargets(trx, ws, id, now) };
      });
    },

    async erase(workspaceId, accountId) {
      const [ws, id] = ids(workspaceId, accountId);
      return inTransaction(ctx, async (trx) => {
        await load(trx, ws, id, true);
        const affectedPostIds = await cancelPendingTargets(trx, ws, id, nowInstant());
        await trx.deleteFrom('accounts').where('workspace_id', '=', ws).where('id', '=', id).execute();
        return { affectedPostIds };
      });
    },
  };
}
