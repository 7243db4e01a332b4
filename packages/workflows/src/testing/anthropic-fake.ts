import { randomUUID } from 'node:crypto';
import { type FakeResponse, FakeServer, type RecordedRequest } from '@relaypost/platforms/testing';
import type { CaptionGroup } from '../caption/anthropic.js';
import { fitToLimit } from '../caption/fit.js';

/** A Messages API request as the fake saw it. */
export interface AnthropicFakeRequest {
  model: string;
  max_tokens: number;
  system?: string;
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
  /** The `<caption_groups>` block of the last user message, when there is one. */
  groups: CaptionGroup[];
  /** The `<brief>` of the first user message, when there is one. */
  brief: string | null;
  apiKey: string;
}

/** What a responder returns: the assistant's text, or an error answer. */
export type AnthropicFakeReply =
  | string
  | { text: string; stopReason?: 'end_turn' | 'max_tokens' }
  | AnthropicFakeError;

export interface AnthropicFakeError {
  status: number;
  type: string;
  message?: string;
  /** Sent as `retry-after` (seconds). */
  retryAfterSeconds?: number;
}

export type AnthropicResponder = (
  request: AnthropicFakeRequest,
) => AnthropicFakeReply | Promise<AnthropicFakeReply>;

export interface AnthropicFake {
  /** Pass as `baseURL` (the SDK appends `/v1/messages`). */
  readonly url: string;
  readonly server: FakeServer;
  /** Every Messages API call that reached the responder. */
  readonly calls: AnthropicFakeRequest[];
  /** Replaces the responder (default: {@link defaultCaptionResponder}). */
  respondWith(responder: AnthropicResponder): void;
  /** Answers the next `times` calls with this error (`{type:'error', error:{type,message}}`). */
  failNext(error: AnthropicFakeError, times?: number): void;
  /** Accepts another API key. */
  addKey(key: string): void;
  close(): Promise<void>;
}

export interface AnthropicFakeOptions {
  /** Keys the fake accepts. Default `['sk-ant-test-key']`. */
  apiKeys?: readonly string[];
  responder?: AnthropicResponder;
}

/**
 * The default answer: for every group in the prompt's `<caption_groups>`, a caption naming its
 * platforms and quoting the brief, within the group's limit.
 */
export const defaultCaptionResponder: AnthropicResponder = (request) => {
  const brief = (request.brief ?? 'our news').replace(/\s+/g, ' ').trim();
  return JSON.stringify({
    captions: request.groups.map((g) => ({
      group: g.group,
      text: fitToLimit(`${g.platforms.join(' + ')}: ${brief} #relaypost`, g.maxLength, g.counting),
    })),
  });
};

function errorResponse(error: AnthropicFakeError): FakeResponse {
  return {
    status: error.status,
    headers: {
      'content-type': 'application/json',
      'request-id': `req_${randomUUID()}`,
      ...(error.retryAfterSeconds !== undefined ? { 'retry-after': String(error.retryAfterSeconds) } : {}),
    },
    body: { type: 'error', error: { type: error.type, message: error.message ?? error.type } },
  };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((b: { type?: string; text?: string }) => (b?.type === 'text' ? (b.text ?? '') : ''))
      .join('');
  }
  return '';
}

/**
 * A loopback Anthropic Messages API: checks the key (`x-api-key`, or `Authorization: Bearer` as
 * SDK 1.x sends it) and that `anthropic-version` is present, answers with real-shaped messages
 * from a scriptable responder, and with scripted errors (401, 429 with `retry-after`, 529...).
 *
 * @example
 * ```ts
 * const anthropic = await createAnthropicFake();
 * const captions = createAnthropicCaptionService({ baseURL: anthropic.url });
 * anthropic.failNext({ status: 429, type: 'rate_limit_error', retryAfterSeconds: 7 });
 * ```
 */
export async function createAnthropicFake(options: AnthropicFakeOptions = {}): Promise<AnthropicFake> {
  const server = await FakeServer.start('anthropic');
  const keys = new Set(options.apiKeys ?? ['sk-ant-test-key']);
  const calls: AnthropicFakeRequest[] = [];
  const scripted: Array<{ error: AnthropicFakeError; remaining: number }> = [];
  let responder = options.responder ?? defaultCaptionResponder;

  // Models API (GET /v1/models/{model_id}): what RelayPost calls to check a key when it is saved.
  server.route('GET', '/v1/models/:model', async (req: RecordedRequest, { model }) => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!keys.has(req.headers['x-api-key'] ?? bearer ?? ''))
      return errorResponse({ status: 401, type: 'authentication_error', message: 'invalid x-api-key' });
    if (!req.headers['anthropic-version'])
      return errorResponse({
        status: 400,
        type: 'invalid_request_error',
        message: 'anthropic-version: header is required',
      });
    const id = decodeURIComponent(model ?? '');
    if (!/^claude-/.test(id))
      return errorResponse({ status: 404, type: 'not_found_error', message: `model: ${id}` });
    return { status: 200, body: { type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' } };
  });

  server.route('POST', '/v1/messages', async (req: RecordedRequest) => {
    // The Messages API documents `x-api-key`; SDK 1.x sends the key as `Authorization: Bearer`.
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const apiKey = req.headers['x-api-key'] ?? bearer ?? '';
    if (!keys.has(apiKey)) {
      return errorResponse({ status: 401, type: 'authentication_error', message: 'invalid x-api-key' });
    }
    if (!req.headers['anthropic-version']) {
      return errorResponse({
        status: 400,
        type: 'invalid_request_error',
        message: 'anthropic-version: header is required',
      });
    }
    const body = req.json as
      | { model?: unknown; max_tokens?: unknown; system?: unknown; messages?: unknown }
      | undefined;
    if (
      !body ||
      typeof body.model !== 'string' ||
      typeof body.max_tokens !== 'number' ||
      !Array.isArray(body.messages)
    ) {
      return errorResponse({
        status: 400,
        type: 'invalid_request_error',
        message: 'model, max_tokens and messages are required',
      });
    }
    const next = scripted[0];
    if (next) {
      next.remaining -= 1;
      if (next.remaining <= 0) scripted.shift();
      return errorResponse(next.error);
    }
    const messages = (body.messages as Array<{ role: 'user' | 'assistant'; content: unknown }>).map((m) => ({
      role: m.role,
      content: textOf(m.content),
    }));
    const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const groupsMatch = /<caption_groups>\s*([\s\S]*?)\s*<\/caption_groups>/.exec(lastUser);
    let groups: CaptionGroup[] = [];
    try {
      groups = groupsMatch?.[1] ? (JSON.parse(groupsMatch[1]) as CaptionGroup[]) : [];
    } catch {
      groups = [];
    }
    const briefMatch = /<brief>\s*([\s\S]*?)\s*<\/brief>/.exec(messages[0]?.content ?? '');
    const request: AnthropicFakeRequest = {
      model: body.model,
      max_tokens: body.max_tokens,
      ...(typeof body.system === 'string' ? { system: body.system } : {}),
      messages,
      groups,
      brief: briefMatch?.[1] ?? null,
      apiKey,
    };
    calls.push(request);
    const reply = await responder(request);
    if (typeof reply === 'object' && 'status' in reply) return errorResponse(reply);
    const text = typeof reply === 'string' ? reply : reply.text;
    const stopReason = typeof reply === 'string' ? 'end_turn' : (reply.stopReason ?? 'end_turn');
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}` },
      body: {
        id: `msg_${randomUUID().replaceAll('-', '')}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [{ type: 'text', text }],
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: Math.ceil(lastUser.length / 4), output_tokens: Math.ceil(text.length / 4) },
      },
    };
  });

  return {
    url: server.url,
    server,
    calls,
    respondWith(next) {
      responder = next;
    },
    failNext(error, times = 1) {
      scripted.push({ error, remaining: times });
    },
    addKey(key) {
      keys.add(key);
    },
    close: () => server.close(),
  };
}
