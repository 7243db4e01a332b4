/**
 * Keeps secrets out of logs and error messages. Works on text (bearer tokens, JWTs, `key=value`
 * pairs in URLs and bodies, Telegram bot paths) and on objects (values under secret-looking keys).
 */

const REDACTED = '[redacted]';

/** Object keys whose values are always secret. Matched case-insensitively, ignoring `_` and `-`. */
const SECRET_KEYS = new Set(
  [
    'accessToken',
    'refreshToken',
    'access_token',
    'refresh_token',
    'accessJwt',
    'refreshJwt',
    'idToken',
    'token',
    'password',
    'appPassword',
    'clientSecret',
    'client_secret',
    'apiKey',
    'x-api-key',
    'botToken',
    'secret',
    'secretToken',
    'authorization',
    'cookie',
    'set-cookie',
    'code_verifier',
    'codeVerifier',
    'fb_exchange_token',
    'appsecret_proof',
    'ciphertext',
  ].map(normaliseKey),
);

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** True when a property with this name holds a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(normaliseKey(key));
}

const TEXT_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Authorization headers and bearer tokens.
  [/\b(Bearer|Basic|OAuth)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // JWTs (three base64url parts), e.g. Bluesky access and refresh tokens.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, REDACTED],
  // Telegram bot tokens in API paths: /bot123456:ABC-DEF...
  [/\b(bot)?\d{5,}:[A-Za-z0-9_-]{30,}/g, REDACTED],
  // Anthropic keys.
  [/\bsk-ant-[A-Za-z0-9_-]{10,}/g, REDACTED],
  // key=value in query strings and form bodies.
  [
    /\b(access_token|refresh_token|client_secret|code_verifier|fb_exchange_token|appsecret_proof|password|api_key|token|code)=([^&\s"']+)/gi,
    `$1=${REDACTED}`,
  ],
  // "key": "value" in JSON text.
  [
    /"(access_?token|refresh_?token|accessJwt|refreshJwt|password|client_?secret|api_?key|bot_?token|secret|id_token)"\s*:\s*"[^"]*"/gi,
    `"$1":"${REDACTED}"`,
  ],
];

/**
 * Removes secrets from free text.
 *
 * @example
 * ```ts
 * redactText('Authorization: Bearer abc.def.ghi123') // 'Authorization: Bearer [redacted]'
 * ```
 */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Returns a deep copy of `value` with secret-looking keys replaced and strings scrubbed.
 *
 * @example
 * ```ts
 * redact({ user: 'a', accessToken: 'xyz' }) // { user: 'a', accessToken: '[redacted]' }
 * ```
 */
export function redact<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message) };
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return redactValue(toJSON.call(value), seen);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      isSecretKey(key) && inner !== null && inner !== undefined ? REDACTED : redactValue(inner, seen);
  }
  return out;
}
