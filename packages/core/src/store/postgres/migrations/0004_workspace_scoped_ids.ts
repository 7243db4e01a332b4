import { type Kysely, sql } from 'kysely';

/** The final statuses when this migration was written (a migration never reads the current code). */
const FINAL_STATUSES = ['published', 'partially_published', 'failed', 'rejected', 'cancelled'];

/** Tables whose rows a caller may give an id, and the unique key `(workspace_id, id)` they had. */
const SCOPED = [
  { table: 'accounts', workspaceKey: 'accounts_workspace_id_key' },
  { table: 'media_assets', workspaceKey: 'media_assets_workspace_id_key' },
] as const;

/**
 * Ids that a caller may choose (posts, accounts, media, history events) are unique per workspace,
 * not across workspaces: the primary keys become `(workspace_id, id)`, so creating a row with an
 * id that another workspace uses answers as it would for a fresh id, and says nothing about the
 * other workspace. Workspace ids stay globally unique. Also adds the index the reconciliation's
 * scan of unfinished posts across workspaces reads (oldest change first).
 */
export const workspaceScopedIdsMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types.
  async up(db: Kysely<any>): Promise<void> {
    // Posts: the targets' foreign key rests on the (workspace_id, id) key, so it is rebuilt on
    // the new primary key.
    await db.schema.alterTable('post_targets').dropConstraint('post_targets_post_fkey').execute();
    await db.schema.alterTable('posts').dropConstraint('posts_pkey').execute();
    await db.schema.alterTable('posts').dropConstraint('posts_workspace_id_key').execute();
    await db.schema
      .alterTable('posts')
      .addPrimaryKeyConstraint('posts_pkey', ['workspace_id', 'id'])
      .execute();
    await db.schema
      .alterTable('post_targets')
      .addForeignKeyConstraint(
        'post_targets_post_fkey',
        ['workspace_id', 'post_id'],
        'posts',
        ['workspace_id', 'id'],
        (fk) => fk.onDelete('cascade'),
      )
      .execute();

    for (const { table, workspaceKey } of SCOPED) {
      await db.schema.alterTable(table).dropConstraint(`${table}_pkey`).execute();
      await db.schema.alterTable(table).dropConstraint(workspaceKey).execute();
      await db.schema
        .alterTable(table)
        .addPrimaryKeyConstraint(`${table}_pkey`, ['workspace_id', 'id'])
        .execute();
    }

    // History: `seq` stays the primary key; an event id is unique within its workspace.
    await db.schema.alterTable('history_events').dropConstraint('history_events_id_key').execute();
    await db.schema
      .alterTable('history_events')
      .addUniqueConstraint('history_events_workspace_id_key', ['workspace_id', 'id'])
      .execute();

    await db.schema
      .createIndex('posts_unfinished_idx')
      .on('posts')
      .columns(['updated_at', 'workspace_id', 'id'])
      .where(sql.ref('status'), 'not in', sql`(${sql.join(FINAL_STATUSES.map((s) => sql.lit(s)))})`)
      .execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: see up(). Fails if two workspaces share an id by then.
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('posts_unfinished_idx').execute();
    await db.schema.alterTable('history_events').dropConstraint('history_events_workspace_id_key').execute();
    await db.schema
      .alterTable('history_events')
      .addUniqueConstraint('history_events_id_key', ['id'])
      .execute();
    for (const { table, workspaceKey } of SCOPED) {
      await db.schema.alterTable(table).dropConstraint(`${table}_pkey`).execute();
      await db.schema.alterTable(table).addPrimaryKeyConstraint(`${table}_pkey`, ['id']).execute();
      await db.schema.alterTable(table).addUniqueConstraint(workspaceKey, ['workspace_id', 'id']).execute();
    }
    await db.schema.alterTable('post_targets').dropConstraint('post_targets_post_fkey').execute();
    await db.schema.alterTable('posts').dropConstraint('posts_pkey').execute();
    await db.schema.alterTable('posts').addPrimaryKeyConstraint('posts_pkey', ['id']).execute();
    await db.schema
      .alterTable('posts')
      .addUniqueConstraint('posts_workspace_id_key', ['workspace_id', 'id'])
      .execute();
    await db.schema
      .alterTable('post_targets')
      .addForeignKeyConstraint(
        'post_targets_post_fkey',
        ['workspace_id', 'post_id'],
        'posts',
        ['workspace_id', 'id'],
        (fk) => fk.onDelete('cascade'),
      )
      .execute();
  },
};
