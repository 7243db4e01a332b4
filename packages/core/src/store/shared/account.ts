import type { Keyring } from '../../crypto/keyring.js';
import { ConflictError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import {
  type ConnectAccountInput,
  type ConnectedAccount,
  type CredentialsInput,
  connectAccountInputSchema,
  credentialsInputSchema,
} from '../../schemas/account.js';
import { newId, normalizeId } from './ids.js';
import type { AccountRecord } from './records.js';
import { credentialsPayload, openCredentialsPayload, sealCredentials } from './secrets.js';
import { toInstantOrNull } from './time.js';

export type ParsedConnectInput = ReturnType<typeof parseConnectInput>;

export function parseConnectInput(input: ConnectAccountInput) {
  return parseOrThrow(connectAccountInputSchema, input, 'account');
}

/**
 * Builds the record for a connect. When `existing` is the same platform account in this
 * workspace it is a reconnect: the id and creation time stay, everything else is replaced.
 */
export function accountRecordFromConnect(
  workspaceId: string,
  parsed: ParsedConnectInput,
  existing: AccountRecord | undefined,
  keyring: Keyring,
  now: string,
): AccountRecord {
  const id = existing?.id ?? (parsed.id === undefined ? newId() : normalizeId(parsed.id));
  return {
    id,
    workspaceId,
    platform: parsed.platform,
    externalId: parsed.externalId,
    handle: parsed.handle,
    displayName: parsed.displayName ?? null,
    avatarUrl: parsed.avatarUrl ?? null,
    scopes: parsed.scopes,
    status: 'connected',
    expiresAt: toInstantOrNull(parsed.credentials.expiresAt),
    metadata: parsed.metadata,
    credentials: sealCredentials(keyring, id, credentialsPayload(parsed.credentials)),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
}

export function parseCredentialsInput(input: CredentialsInput): CredentialsInput {
  return parseOrThrow(credentialsInputSchema, input, 'credentials');
}

/**
 * Replaces an account's credentials after a refresh. The refresh token (and its expiry), token
 * type and extras are kept when the refresh did not return new ones.
 */
export function accountWithNewCredentials(
  record: AccountRecord,
  parsed: CredentialsInput,
  keyring: Keyring,
  now: string,
): AccountRecord {
  if (record.credentials === null) {
    // A refresh that races a disconnect must not bring the deleted tokens back.
    throw new ConflictError(`account ${record.id} is disconnected; connect it again to store credentials`);
  }
  const old = openCredentialsPayload(keyring, record.id, record.credentials);
  const fresh = credentialsPayload(parsed);
  const keepRefresh = parsed.refreshToken === undefined;
  return {
    ...record,
    expiresAt: toInstantOrNull(parsed.expiresAt),
    credentials: sealCredentials(keyring, record.id, {
      accessToken: fresh.accessToken,
      refreshToken: keepRefresh ? old.refreshToken : fresh.refreshToken,
      refreshTokenExpiresAt: keepRefresh
        ? (fresh.refreshTokenExpiresAt ?? old.refreshTokenExpiresAt)
        : fresh.refreshTokenExpiresAt,
      tokenType: fresh.tokenType ?? old.tokenType,
      extra: parsed.extra === undefined ? old.extra : fresh.extra,
    }),
    updatedAt: now,
  };
}

/** The public view of an account: everything but the credentials. */
export function connectedAccount(record: AccountRecord): ConnectedAccount {
  const { credentials: _credentials, ...account } = record;
  return account;
}
