import { sql } from 'kysely';
import {
  CREDENTIALS_FIELD,
  reencryptIfStale,
  secretAad,
  WORKSPACE_SECRET_FIELDS,
} from '../shared/secrets.js';
import { inTransaction, type PostgresContext } from './context.js';

/** Workspace secret columns, by the field name their associated data uses. */
const WORKSPACE_COLUMNS = {
  ai_api_key: WORKSPACE_SECRET_FIELDS.anthropicApiKey,
  telegram_bot_token: WORKSPACE_SECRET_FIELDS.botToken,
  webhook_secret: WORKSPACE_SECRET_FIELDS.webhookSecret,
} as const;

/**
 * Re-seals every secret that an older key sealed, in one transaction. Rows already on the primary
 * key are skipped in SQL, so running it again after a rotation is cheap.
 */
export async function reencryptSecrets(ctx: PostgresContext): Promise<{ reencrypted: number }> {
  const { keyring } = ctx;
  const current = `rp1:${keyring.primaryKeyId}:`;
  // `left(...)` rather than LIKE: key ids may contain `_`, a LIKE wildcard.
  const stale = (column: string) =>
    sql<boolean>`(${sql.ref(column)} is not null and left(${sql.ref(column)}, ${current.length}) <> ${current})`;

  return inTransaction(ctx, async (trx) => {
    let reencrypted = 0;
    const workspaces = await trx
      .selectFrom('workspaces')
      .select(['id', 'ai_api_key', 'telegram_bot_token', 'webhook_secret'])
      .where((eb) => eb.or(Object.keys(WORKSPACE_COLUMNS).map((c) => stale(c))))
      .forUpdate()
      .execute();
    for (const row of workspaces) {
      const changes: Partial<Record<keyof typeof WORKSPACE_COLUMNS, string>> = {};
      for (const [column, field] of Object.entries(WORKSPACE_COLUMNS) as Array<
        [keyof typeof WORKSPACE_COLUMNS, string]
      >) {
        const fresh = reencryptIfStale(keyring, row[column], secretAad('workspaces', row.id, field));
        if (fresh !== null) changes[column] = fresh;
      }
      reencrypted += Object.keys(changes).length;
      await trx.updateTable('workspaces').set(changes).where('id', '=', row.id).execute();
    }

    const accounts = await trx
      .selectFrom('accounts')
      .select(['workspace_id', 'id', 'credentials'])
      .where(stale('credentials'))
      .forUpdate()
      .execute();
    for (const row of accounts) {
      const fresh = reencryptIfStale(
        keyring,
        row.credentials,
        secretAad('accounts', row.id, CREDENTIALS_FIELD),
      );
      if (fresh === null) continue;
      reencrypted += 1;
      // Account ids are unique per workspace only.
      await trx
        .updateTable('accounts')
        .set({ credentials: fresh })
        .where('workspace_id', '=', row.workspace_id)
        .where('id', '=', row.id)
        .execute();
    }
    return { reencrypted };
  });
}
