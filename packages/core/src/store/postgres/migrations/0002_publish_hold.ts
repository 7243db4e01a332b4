import type { Kysely } from 'kysely';

/**
 * `posts.publish_hold`: the publish attempt a scheduled post is armed for. A publish prepared
 * ahead of its second claims the post only while this still names it; every change clears it.
 */
export const publishHoldMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types.
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('posts').addColumn('publish_hold', 'text').execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types.
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('posts').dropColumn('publish_hold').execute();
  },
};
