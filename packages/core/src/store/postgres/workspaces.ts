import { NotFoundError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import { FINAL_POST_STATUSES } from '../../schemas/post.js';
import { connectedAccount } from '../shared/account.js';
import { decodeCursor } from '../shared/cursor.js';
import { buildWorkspaceExport } from '../shared/export.js';
import { parseId } from '../shared/ids.js';
import { pageOptionsSchema } from '../shared/inputs.js';
import { toPage } from '../shared/page.js';
import { nowInstant } from '../shared/time.js';
import {
  applyWorkspaceUpdate,
  parseWorkspaceUpdate,
  workspaceFromRecord,
  workspaceRecordFromCreate,
} from '../shared/workspace.js';
import type { WorkspaceStore } from '../types.js';
import { inTransaction, type PostgresContext, readOnly, type Trx } from './context.js';
import { conflictOnDuplicate } from './errors.js';
import { loadPosts } from './post-queries.js';
import { accountFromRow, historyFromRow, mediaFromRow, workspaceFromRow, workspaceToRow } from './rows.js';

export function createPostgresWorkspaceStore(ctx: PostgresContext): WorkspaceStore {
  const { keyring } = ctx;

  async function load(trx: Trx, id: string, lock = false) {
    let query = trx.selectFrom('workspaces').selectAll().where('id', '=', id);
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) throw new NotFoundError('workspace', id);
    return workspaceFromRow(row);
  }

  return {
    async create(input) {
      const record = workspaceRecordFromCreate(input, keyring, nowInstant());
      await conflictOnDuplicate(`workspace ${record.id} already exists`, () =>
        inTransaction(ctx, (trx) => trx.insertInto('workspaces').values(workspaceToRow(record)).execute()),
      );
      return workspaceFromRecord(record, keyring);
    },

    async get(workspaceId) {
      const id = parseId(workspaceId, 'workspaceId');
      return workspaceFromRecord(await readOnly(ctx, (db) => load(db, id)), keyring);
    },

    async update(workspaceId, input) {
      const id = parseId(workspaceId, 'workspaceId');
      const parsed = parseWorkspaceUpdate(input);
      const record = await inTransaction(ctx, async (trx) => {
        const next = applyWorkspaceUpdate(await load(trx, id, true), parsed, keyring, nowInstant());
        await trx.updateTable('workspaces').set(workspaceToRow(next)).where('id', '=', id).execute();
        return next;
      });
      return workspaceFromRecord(record, keyring);
    },

    async list(options) {
      const { limit, cursor } = parseOrThrow(pageOptionsSchema, options ?? {}, 'list options');
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      const rows = await readOnly(ctx, (db) => {
        let query = db.selectFrom('workspaces').selectAll();
        if (after !== undefined) {
          query = query.where((eb) =>
            eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(new Date(after.at), after.id)),
          );
        }
        return query
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit + 1)
          .execute();
      });
      const page = toPage(rows.map(workspaceFromRow), limit, (r) => ({ at: r.createdAt, id: r.id }));
      return { ...page, items: page.items.map((r) => workspaceFromRecord(r, keyring)) };
    },

    async erase(workspaceId) {
      const id = parseId(workspaceId, 'workspaceId');
      return inTransaction(ctx, async (trx) => {
        await load(trx, id, true);
        const pending = await trx
          .selectFrom('posts')
          .select('id')
          .where('workspace_id', '=', id)
          .where('status', 'not in', FINAL_POST_STATUSES)
          .orderBy('sort_at')
          .orderBy('id')
          .execute();
        // Child tables cascade from the workspace row; tokens go with it in this transaction.
        await trx.deleteFrom('workspaces').where('id', '=', id).execute();
        return { pendingPostIds: pending.map((p) => p.id) };
      });
    },

    async export(workspaceId) {
      const id = parseId(workspaceId, 'workspaceId');
      return inTransaction(ctx, async (trx) => {
        const workspace = await load(trx, id);
        const [accounts, posts, media, history] = await Promise.all([
          trx
            .selectFrom('accounts')
            .selectAll()
            .where('workspace_id', '=', id)
            .orderBy('created_at')
            .orderBy('id')
            .execute(),
          loadPosts(trx, id, (q) => q),
          trx
            .selectFrom('media_assets')
            .selectAll()
            .where('workspace_id', '=', id)
            .orderBy('created_at')
            .orderBy('id')
            .execute(),
          trx
            .selectFrom('history_events')
            .selectAll()
            .where('workspace_id', '=', id)
            .orderBy('seq')
            .execute(),
        ]);
        return buildWorkspaceExport(
          workspace,
          {
            accounts: accounts.map((row) => connectedAccount(accountFromRow(row))),
            posts,
            media: media.map(mediaFromRow),
            history: history.map(historyFromRow),
          },
          nowInstant(),
        );
      });
    },
  };
}
