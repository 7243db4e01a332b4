import type { Keyring } from '../../crypto/keyring.js';
import { ConflictError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import { FINAL_POST_STATUSES } from '../../schemas/post.js';
import { connectedAccount } from '../shared/account.js';
import { buildWorkspaceExport } from '../shared/export.js';
import { parseId } from '../shared/ids.js';
import { pageOptionsSchema } from '../shared/inputs.js';
import { toPage } from '../shared/page.js';
import { postSortKey } from '../shared/post.js';
import { nowInstant } from '../shared/time.js';
import {
  applyWorkspaceUpdate,
  parseWorkspaceUpdate,
  workspaceFromRecord,
  workspaceRecordFromCreate,
} from '../shared/workspace.js';
import type { WorkspaceStore } from '../types.js';
import {
  byCreation,
  type MemoryDatabase,
  type MemoryTables,
  pageAfter,
  requireWorkspace,
  sortedBy,
} from './database.js';

export function createMemoryWorkspaceStore(db: MemoryDatabase, keyring: Keyring): WorkspaceStore {
  return {
    async create(input) {
      const record = workspaceRecordFromCreate(input, keyring, nowInstant());
      db.write((t) => {
        if (t.workspaces.has(record.id)) throw new ConflictError(`workspace ${record.id} already exists`);
        t.workspaces.set(record.id, record);
      });
      return workspaceFromRecord(record, keyring);
    },

    async get(workspaceId) {
      const id = parseId(workspaceId, 'workspaceId');
      return workspaceFromRecord(
        db.read((t) => requireWorkspace(t, id)),
        keyring,
      );
    },

    async update(workspaceId, input) {
      const id = parseId(workspaceId, 'workspaceId');
      const parsed = parseWorkspaceUpdate(input);
      const record = db.write((t) => {
        const next = applyWorkspaceUpdate(requireWorkspace(t, id), parsed, keyring, nowInstant());
        t.workspaces.set(id, next);
        return next;
      });
      return workspaceFromRecord(record, keyring);
    },

    async list(options) {
      const { limit, cursor } = parseOrThrow(pageOptionsSchema, options ?? {}, 'list options');
      const rows = db.read((t) => pageAfter(t.workspaces.values(), byCreation, limit, cursor));
      const page = toPage(rows, limit, byCreation);
      return { ...page, items: page.items.map((r) => workspaceFromRecord(r, keyring)) };
    },

    async erase(workspaceId) {
      const id = parseId(workspaceId, 'workspaceId');
      return db.write((t) => {
        requireWorkspace(t, id);
        const pendingPostIds = postsOf(t, id)
          .filter((p) => !FINAL_POST_STATUSES.includes(p.status))
          .map((p) => p.id);
        for (const table of [t.accounts, t.posts, t.media, t.history] as const) {
          for (const [rowId, row] of table) if (row.workspaceId === id) table.delete(rowId);
        }
        t.workspaces.delete(id);
        return { pendingPostIds };
      });
    },

    async export(workspaceId) {
      const id = parseId(workspaceId, 'workspaceId');
      return db.read((t) =>
        buildWorkspaceExport(
          requireWorkspace(t, id),
          {
            accounts: sortedBy(
              [...t.accounts.values()].filter((a) => a.workspaceId === id),
              byCreation,
            ).map(connectedAccount),
            posts: postsOf(t, id),
            media: sortedBy(
              [...t.media.values()].filter((m) => m.workspaceId === id),
              byCreation,
            ),
            history: [...t.history.values()].filter((e) => e.workspaceId === id),
          },
          nowInstant(),
        ),
      );
    },
  };
}

/** A workspace's posts in list order. */
export function postsOf(tables: Readonly<MemoryTables>, workspaceId: string) {
  return sortedBy(
    [...tables.posts.values()].filter((p) => p.workspaceId === workspaceId),
    (p) => ({ at: postSortKey(p), id: p.id }),
  );
}
