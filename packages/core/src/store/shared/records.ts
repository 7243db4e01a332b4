import type { AccountStatus, ConnectedAccount } from '../../schemas/account.js';
import type { Workspace } from '../../schemas/workspace.js';

/**
 * A workspace as both stores keep it: settings in the clear, secrets as keyring ciphertexts.
 * Internal to the stores.
 */
export interface WorkspaceRecord extends Omit<Workspace, 'ai' | 'telegram' | 'webhook'> {
  ai: { model: string; brandVoiceSamples: string[]; tone: string | null } | null;
  telegram: { approverChatIds: Array<number | string>; approverUserIds: number[] } | null;
  webhook: { url: string } | null;
  secrets: WorkspaceSecrets;
}

/** Ciphertexts (`rp1:...`) or null when the workspace has no such secret. */
export interface WorkspaceSecrets {
  anthropicApiKey: string | null;
  botToken: string | null;
  webhookSecret: string | null;
}

/** An account as both stores keep it; `credentials` is one ciphertext, null once disconnected. */
export interface AccountRecord extends ConnectedAccount {
  status: AccountStatus;
  credentials: string | null;
}

/** The secret part of credentials, sealed as one JSON document. */
export interface SealedCredentialsPayload {
  accessToken: string;
  refreshToken: string | null;
  refreshTokenExpiresAt: string | null;
  tokenType: string | null;
  extra: Record<string, string>;
}
