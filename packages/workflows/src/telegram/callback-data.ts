import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an approval button does. */
export type ApprovalAction = 'approve' | 'reject' | 'regenerate';

const ACTIONS: readonly ApprovalAction[] = ['approve', 'reject', 'regenerate'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Bytes of HMAC-SHA256 kept: 96 bits, far beyond what guessing through a chat button can reach. */
const MAC_BYTES = 12;
const BODY_BYTES = 17; // 16 bytes of UUID + 1 action byte
const DOMAIN = 'relaypost.telegram.callback.v1';

function mac(secret: string, body: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(DOMAIN).update(body).digest().subarray(0, MAC_BYTES);
}

/**
 * Callback data for an approval button: base64url of the post id's 16 bytes, one action byte and a
 * truncated HMAC-SHA256 — 39 characters, well under Telegram's 64-byte limit. Opaque to the chat,
 * and a client cannot forge or alter it without the secret.
 *
 * @example
 * ```ts
 * const data = signCallbackData(secret, post.id, 'approve');
 * verifyCallbackData(secret, data); // { postId: post.id, action: 'approve' }
 * ```
 */
export function signCallbackData(secret: string, postId: string, action: ApprovalAction): string {
  if (!UUID.test(postId)) throw new TypeError('postId must be a UUID');
  const index = ACTIONS.indexOf(action);
  if (index < 0) throw new TypeError(`unknown action ${String(action)}`);
  const body = Buffer.alloc(BODY_BYTES);
  Buffer.from(postId.replaceAll('-', ''), 'hex').copy(body, 0);
  body[16] = index;
  return Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

/**
 * Checks callback data made by {@link signCallbackData}. Returns null for anything that was not
 * signed with `secret` (tampered, truncated, another deployment's buttons).
 *
 * @example
 * ```ts
 * const parsed = verifyCallbackData(secret, update.callback_query.data ?? '');
 * if (!parsed) return answer('This button is not valid.');
 * ```
 */
export function verifyCallbackData(
  secret: string,
  data: string,
): { postId: string; action: ApprovalAction } | null {
  if (typeof data !== 'string' || data.length > 64 || !/^[A-Za-z0-9_-]+$/.test(data)) return null;
  const raw = Buffer.from(data, 'base64url');
  if (raw.length !== BODY_BYTES + MAC_BYTES) return null;
  const body = raw.subarray(0, BODY_BYTES);
  const expected = mac(secret, body);
  if (!timingSafeEqual(expected, raw.subarray(BODY_BYTES))) return null;
  const action = ACTIONS[body[16] ?? 255];
  if (!action) return null;
  const hex = body.subarray(0, 16).toString('hex');
  const postId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { postId, action };
}

/**
 * A per-workspace secret derived from the deployment's callback secret, so buttons and webhook
 * tokens of one workspace are worthless in another.
 *
 * @example
 * ```ts
 * const token = deriveWorkspaceSecret(callbackSecret, 'webhook', workspaceId);
 * ```
 */
export function deriveWorkspaceSecret(
  secret: string,
  purpose: 'callback' | 'webhook',
  workspaceId: string,
): string {
  return createHmac('sha256', secret)
    .update(`relaypost.telegram.${purpose}\u0000${workspaceId}`)
    .digest('base64url');
}
