import { z } from 'zod';
import { Secret } from '../crypto/secret.js';
import { idSchema, instantSchema, jsonObjectSchema, secretInputSchema } from './common.js';
import { type PlatformId, platformIdSchema } from './platform.js';
import { textSchema } from './text.js';

export const ACCOUNT_STATUSES = ['connected', 'needs_reconnect', 'disconnected'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export const accountStatusSchema = z.enum(ACCOUNT_STATUSES);

/** Credentials as adapters hand them over (clear text, only ever in memory). */
export const credentialsInputSchema = z.object({
  accessToken: secretInputSchema,
  refreshToken: secretInputSchema.optional(),
  /** When the access token stops working. */
  expiresAt: instantSchema.optional(),
  refreshTokenExpiresAt: instantSchema.optional(),
  tokenType: z.string().max(40).optional(),
  /** Platform extras that are secret too (e.g. a page token, an app-password session). */
  extra: z.record(z.string(), z.string().max(8192)).optional(),
});
export type CredentialsInput = z.input<typeof credentialsInputSchema>;

/** Credentials in memory after decryption; every token is a `Secret`. */
export interface Credentials {
  accessToken: Secret;
  refreshToken: Secret | null;
  expiresAt: string | null;
  refreshTokenExpiresAt: string | null;
  tokenType: string | null;
  extra: Record<string, Secret>;
}

export const connectAccountInputSchema = z.object({
  id: idSchema.optional(),
  platform: platformIdSchema,
  /** The platform's id for the account (DID, user id, page id, URN...). */
  externalId: textSchema({ min: 1, max: 512 }),
  handle: textSchema({ min: 1, max: 256 }),
  displayName: textSchema({ max: 512 }).optional(),
  avatarUrl: z.url().optional(),
  scopes: z
    .array(textSchema({ min: 1, max: 200 }))
    .max(100)
    .default([]),
  credentials: credentialsInputSchema,
  /** Non-secret platform data (e.g. LinkedIn author URN kind, Pinterest default board). */
  metadata: jsonObjectSchema.default({}),
});
export type ConnectAccountInput = z.input<typeof connectAccountInputSchema>;

/** A connected account without its credentials (what lists and exports show). */
export interface ConnectedAccount {
  id: string;
  workspaceId: string;
  platform: PlatformId;
  externalId: string;
  handle: string;
  displayName: string | null;
  avatarUrl: string | null;
  scopes: string[];
  status: AccountStatus;
  /** When the access token expires, if the platform said. */
  expiresAt: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export const accountIdSchema = idSchema;

/**
 * Wraps clear-text credentials (from an OAuth exchange or a login) into `Credentials`
 * whose tokens are `Secret`s.
 *
 * @example
 * ```ts
 * const creds = credentialsFromInput({ accessToken: 'abc', expiresAt: '2026-12-01T00:00:00Z' });
 * creds.accessToken.reveal(); // 'abc'
 * ```
 */
export function credentialsFromInput(input: CredentialsInput): Credentials {
  return {
    accessToken: new Secret(input.accessToken),
    refreshToken: input.refreshToken === undefined ? null : new Secret(input.refreshToken),
    expiresAt: input.expiresAt ?? null,
    refreshTokenExpiresAt: input.refreshTokenExpiresAt ?? null,
    tokenType: input.tokenType ?? null,
    extra: Object.fromEntries(Object.entries(input.extra ?? {}).map(([k, v]) => [k, new Secret(v)])),
  };
}
