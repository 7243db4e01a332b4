import type { Kysely } from 'kysely';

/**
 * `posts.problem`: what stops a post that is not final, or why one ended unexpectedly (a caption
 * that failed, a workflow that ended early), in words for the user; null when nothing does.
 */
export const postProblemMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types.
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('posts').addColumn('problem', 'jsonb').execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types.
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('posts').dropColumn('problem').execute();
  },
};
