import { type Kysely, sql } from 'kysely';

/**
 * The first schema. Child tables carry `workspace_id` and reference their parent through
 * `(workspace_id, id)`, so a row can never point into another workspace.
 */
export const initialMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types.
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('workspaces')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('ai', 'jsonb')
      .addColumn('telegram', 'jsonb')
      .addColumn('webhook', 'jsonb')
      .addColumn('ai_api_key', 'text')
      .addColumn('telegram_bot_token', 'text')
      .addColumn('webhook_secret', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('workspaces_created_idx')
      .on('workspaces')
      .columns(['created_at', 'id'])
      .execute();

    await db.schema
      .createTable('accounts')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('handle', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text')
      .addColumn('avatar_url', 'text')
      .addColumn('scopes', 'jsonb', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('connected', 'needs_reconnect', 'disconnected')`),
      )
      .addColumn('expires_at', 'timestamptz')
      .addColumn('metadata', 'jsonb', (c) => c.notNull())
      .addColumn('credentials', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addUniqueConstraint('accounts_workspace_id_key', ['workspace_id', 'id'])
      .addUniqueConstraint('accounts_platform_external_key', ['workspace_id', 'platform', 'external_id'])
      .execute();
    await db.schema
      .createIndex('accounts_list_idx')
      .on('accounts')
      .columns(['workspace_id', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('accounts_expiring_idx')
      .on('accounts')
      .columns(['expires_at'])
      .where(sql.ref('status'), '=', 'connected')
      .execute();

    await db.schema
      .createTable('posts')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('content', 'jsonb', (c) => c.notNull())
      .addColumn('publish_at', 'timestamptz')
      .addColumn('publish_time_zone', 'text')
      .addColumn('approval', 'jsonb', (c) => c.notNull())
      .addColumn('caption', 'jsonb')
      .addColumn('idempotency_key', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addColumn('sort_at', 'timestamptz', (c) =>
        c.notNull().generatedAlwaysAs(sql`coalesce(publish_at, created_at)`).stored(),
      )
      .addUniqueConstraint('posts_workspace_id_key', ['workspace_id', 'id'])
      // NULL keys never collide, so posts without a key are unaffected.
      .addUniqueConstraint('posts_idempotency_key', ['workspace_id', 'idempotency_key'])
      .execute();
    await db.schema
      .createIndex('posts_list_idx')
      .on('posts')
      .columns(['workspace_id', 'sort_at', 'id'])
      .execute();
    await db.schema
      .createIndex('posts_status_idx')
      .on('posts')
      .columns(['workspace_id', 'status', 'sort_at', 'id'])
      .execute();

    await db.schema
      .createTable('post_targets')
      .addColumn('workspace_id', 'uuid', (c) => c.notNull())
      .addColumn('post_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'uuid', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      // No foreign key to accounts: an erased account leaves its cancelled targets behind as history.
      .addColumn('account_id', 'uuid', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('text', 'text')
      .addColumn('media_ids', 'jsonb')
      .addColumn('options', 'jsonb', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('result', 'jsonb', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('post_targets_pkey', ['workspace_id', 'post_id', 'id'])
      .addForeignKeyConstraint(
        'post_targets_post_fkey',
        ['workspace_id', 'post_id'],
        'posts',
        ['workspace_id', 'id'],
        (fk) => fk.onDelete('cascade'),
      )
      .execute();
    await db.schema
      .createIndex('post_targets_account_idx')
      .on('post_targets')
      .columns(['workspace_id', 'account_id', 'status'])
      .execute();
    await db.schema
      .createIndex('post_targets_platform_idx')
      .on('post_targets')
      .columns(['workspace_id', 'platform'])
      .execute();

    await db.schema
      .createTable('media_assets')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('mime_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('duration_ms', 'integer')
      .addColumn('checksum_sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('alt_text', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addUniqueConstraint('media_assets_workspace_id_key', ['workspace_id', 'id'])
      .execute();
    await db.schema
      .createIndex('media_assets_list_idx')
      .on('media_assets')
      .columns(['workspace_id', 'created_at', 'id'])
      .execute();

    await db.schema
      .createTable('history_events')
      .addColumn('seq', 'bigserial', (c) => c.primaryKey())
      // Unique so that appending the same event twice (an activity retry) stores it once.
      .addColumn('id', 'uuid', (c) => c.notNull().unique())
      .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('post_id', 'uuid')
      .addColumn('target_id', 'uuid')
      .addColumn('account_id', 'uuid')
      .addColumn('actor', 'jsonb', (c) => c.notNull())
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('history_workspace_idx')
      .on('history_events')
      .columns(['workspace_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('history_post_idx')
      .on('history_events')
      .columns(['workspace_id', 'post_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('history_account_idx')
      .on('history_events')
      .columns(['workspace_id', 'account_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('history_occurred_idx')
      .on('history_events')
      .columns(['occurred_at'])
      .execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: see up().
  async down(db: Kysely<any>): Promise<void> {
    for (const table of [
      'history_events',
      'media_assets',
      'post_targets',
      'posts',
      'accounts',
      'workspaces',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
