import { RelayPostError, ValidationError } from '@relaypost/core';

/** How `workspaces.create` / `update` check an Anthropic key when it is saved. */
export interface AnthropicKeyCheckOptions {
  /** Check keys when they are saved (default true). Off: a bad key shows only when a caption fails. */
  enabled?: boolean;
  /** The API's base URL; default `ANTHROPIC_BASE_URL`, else `https://api.anthropic.com` (as Anthropic's SDK). */
  baseURL?: string;
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** For tests and proxies; the global fetch by default. */
  fetch?: typeof fetch;
}

/** Anthropic's API version header value this check sends (the Models API's documented one). */
const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Checks a workspace's Anthropic key, and its caption model with it, with the cheapest
 * authenticated call the API has: `GET /v1/models/{model}` (Anthropic's Models API). A refused
 * key or an unknown model is a `ValidationError` naming `ai.anthropicApiKey` or `ai.model`; an API
 * that cannot be reached is a transient error (try again), never a saved key nobody checked.
 *
 * @example
 * ```ts
 * await checkAnthropicKey({ apiKey: 'sk-ant-…', model: 'claude-sonnet-5-5' }, {});
 * ```
 */
export async function checkAnthropicKey(
  key: { apiKey: string; model: string },
  options: AnthropicKeyCheckOptions,
): Promise<void> {
  if (options.enabled === false) return;
  const base = (options.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com').replace(
    /\/+$/,
    '',
  );
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(`${base}/v1/models/${encodeURIComponent(key.model)}`, {
      headers: { 'x-api-key': key.apiKey, 'anthropic-version': ANTHROPIC_VERSION },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new RelayPostError(
      'transient',
      `could not reach Anthropic to check the API key; try again (${reasonOf(error)})`,
      {
        cause: error,
      },
    );
  }
  if (response.ok) return;
  const message = await errorMessage(response);
  if (response.status === 401 || response.status === 403)
    throw new ValidationError(
      [{ path: 'ai.anthropicApiKey', message: `was refused by Anthropic (${message})` }],
      'workspace',
    );
  if (response.status === 404)
    throw new ValidationError(
      [{ path: 'ai.model', message: 'is not a model Anthropic offers this key', actual: key.model }],
      'workspace',
    );
  throw new RelayPostError(
    'transient',
    `Anthropic could not check the API key now (HTTP ${response.status}: ${message}); try again`,
  );
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string'
      ? body.error.message.slice(0, 200)
      : `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
