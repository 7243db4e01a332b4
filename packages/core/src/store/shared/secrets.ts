import type { Keyring } from '../../crypto/keyring.js';
import { Secret } from '../../crypto/secret.js';
import type { Credentials, CredentialsInput } from '../../schemas/account.js';
import type { AccountRecord, SealedCredentialsPayload, WorkspaceSecrets } from './records.js';
import { toInstantOrNull } from './time.js';

/**
 * Associated data for a stored secret: `<table>:<row id>:<field>`. Sealing with it means a
 * ciphertext copied into another row or field no longer opens.
 */
export function secretAad(table: 'workspaces' | 'accounts', rowId: string, field: string): string {
  return `${table}:${rowId}:${field}`;
}

/** The workspace secret fields, with the field name each uses in its associated data. */
export const WORKSPACE_SECRET_FIELDS = {
  anthropicApiKey: 'ai.anthropicApiKey',
  botToken: 'telegram.botToken',
  webhookSecret: 'webhook.secret',
} as const satisfies Record<keyof WorkspaceSecrets, string>;

export function sealWorkspaceSecret(
  keyring: Keyring,
  workspaceId: string,
  field: keyof WorkspaceSecrets,
  value: string,
): string {
  return keyring.encrypt(value, secretAad('workspaces', workspaceId, WORKSPACE_SECRET_FIELDS[field]));
}

export function openWorkspaceSecret(
  keyring: Keyring,
  workspaceId: string,
  field: keyof WorkspaceSecrets,
  ciphertext: string | null,
): Secret | null {
  if (ciphertext === null) return null;
  return new Secret(
    keyring.decrypt(ciphertext, secretAad('workspaces', workspaceId, WORKSPACE_SECRET_FIELDS[field])),
  );
}

/** The field name accounts' credentials use in their associated data. */
export const CREDENTIALS_FIELD = 'credentials';

/** Seals the secret part of credentials (everything but `expiresAt`, which lists need in the clear). */
export function sealCredentials(
  keyring: Keyring,
  accountId: string,
  payload: SealedCredentialsPayload,
): string {
  return keyring.encrypt(JSON.stringify(payload), secretAad('accounts', accountId, CREDENTIALS_FIELD));
}

export function openCredentialsPayload(
  keyring: Keyring,
  accountId: string,
  ciphertext: string,
): SealedCredentialsPayload {
  return JSON.parse(
    keyring.decrypt(ciphertext, secretAad('accounts', accountId, CREDENTIALS_FIELD)),
  ) as SealedCredentialsPayload;
}

/** Builds the sealed payload from validated input. */
export function credentialsPayload(input: CredentialsInput): SealedCredentialsPayload {
  return {
    accessToken: input.accessToken,
    refreshToken: input.refreshToken ?? null,
    refreshTokenExpiresAt: toInstantOrNull(input.refreshTokenExpiresAt),
    tokenType: input.tokenType ?? null,
    extra: { ...(input.extra ?? {}) },
  };
}

/** Decrypts an account's credentials into `Secret`s. */
export function openCredentials(
  keyring: Keyring,
  account: Pick<AccountRecord, 'id' | 'expiresAt'>,
  ciphertext: string,
): Credentials {
  const payload = openCredentialsPayload(keyring, account.id, ciphertext);
  return {
    accessToken: new Secret(payload.accessToken),
    refreshToken: payload.refreshToken === null ? null : new Secret(payload.refreshToken),
    expiresAt: account.expiresAt,
    refreshTokenExpiresAt: payload.refreshTokenExpiresAt,
    tokenType: payload.tokenType,
    extra: Object.fromEntries(Object.entries(payload.extra).map(([k, v]) => [k, new Secret(v)])),
  };
}

/** Re-seals a ciphertext with the primary key when an older key sealed it; null when it is current. */
export function reencryptIfStale(keyring: Keyring, ciphertext: string | null, aad: string): string | null {
  if (ciphertext === null || !keyring.needsReencryption(ciphertext)) return null;
  return keyring.reencrypt(ciphertext, aad);
}
