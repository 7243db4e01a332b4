import Anthropic, { APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import {
  ConfigurationError,
  ContentRejectedError,
  countText,
  type PlatformId,
  RateLimitedError,
  type TextCounting,
  TransientError,
} from '@relaypost/core';
import { z } from 'zod';
import { parseRetryAfter } from '../notify/webhook.js';
import { fitToLimit } from './fit.js';
import type { CaptionLimit, CaptionRequest, CaptionResult, CaptionService } from './service.js';

export interface AnthropicCaptionOptions {
  /** API root without `/v1` (the SDK appends `/v1/messages`). Default: Anthropic's. */
  baseURL?: string;
  /** Injectable fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Timeout of one API call. Default 60 000 ms. */
  timeoutMs?: number;
}

const PLATFORM = 'anthropic';

/** One caption the model must write: for every platform that shares a limit. */
export interface CaptionGroup {
  group: string;
  platforms: PlatformId[];
  maxLength: number;
  counting: TextCounting;
}

const COUNTING_WORDS: Record<TextCounting, string> = {
  characters: 'characters',
  graphemes: 'characters (an emoji counts as one)',
  weighted: 'weighted characters (CJK characters and emoji count as 2, every link counts as 23)',
  'utf8-bytes': 'bytes of UTF-8 (accented letters count 2, emoji 4)',
  'characters-emoji-bytes': 'characters (an emoji counts as its UTF-8 byte length, usually 4)',
};

/** Groups the requested limits: one caption per (maxLength, counting). */
export function groupLimits(limits: readonly CaptionLimit[]): CaptionGroup[] {
  const groups = new Map<string, CaptionGroup>();
  for (const limit of limits) {
    const key = `${limit.maxLength}:${limit.counting}`;
    const group = groups.get(key);
    if (group) {
      if (!group.platforms.includes(limit.platform)) group.platforms.push(limit.platform);
    } else {
      groups.set(key, {
        group: `g${groups.size + 1}`,
        platforms: [limit.platform],
        maxLength: limit.maxLength,
        counting: limit.counting,
      });
    }
  }
  return [...groups.values()];
}

/** The groups block in a prompt: machine-readable so the answer can be matched (and faked) reliably. */
function groupsBlock(groups: readonly CaptionGroup[]): string {
  return `<caption_groups>\n${JSON.stringify(groups)}\n</caption_groups>`;
}

function describeGroup(group: CaptionGroup): string {
  const target = Math.min(group.maxLength, 2200);
  const room =
    group.maxLength > 2200
      ? `at most ${group.maxLength} ${COUNTING_WORDS[group.counting]}; aim for well under ${target} unless the brief needs more`
      : `at most ${group.maxLength} ${COUNTING_WORDS[group.counting]}`;
  return `- "${group.group}" for ${group.platforms.join(', ')}: ${room}.`;
}

const SYSTEM = [
  'You write social media captions for a brand, in its voice.',
  'Write each caption so it can be published as it is: no quotes around it, no notes, no placeholders.',
  'Respect every length limit; shorter is better than cut off.',
  'Answer with JSON only, no prose and no code fence, exactly in this shape:',
  '{"captions":[{"group":"<group id>","text":"<caption>"}]}',
].join('\n');

/** The first user message: voice samples, tone, the brief and the captions wanted. */
export function buildCaptionPrompt(
  request: Pick<CaptionRequest, 'brandVoiceSamples' | 'tone' | 'brief'>,
  groups: readonly CaptionGroup[],
): string {
  const parts: string[] = [];
  if (request.brandVoiceSamples.length) {
    parts.push(
      'Earlier posts in the brand voice (match their style, never copy them):',
      ...request.brandVoiceSamples.map(
        (sample, i) => `<voice_sample index="${i + 1}">\n${sample}\n</voice_sample>`,
      ),
    );
  }
  if (request.tone) parts.push(`Tone: ${request.tone}`);
  parts.push(`What the post is about:\n<brief>\n${request.brief}\n</brief>`);
  parts.push(
    `Write one caption for each group below (one per group id):\n${groups.map(describeGroup).join('\n')}`,
    groupsBlock(groups),
  );
  return parts.join('\n\n');
}

const answerSchema = z.union([
  z.object({ captions: z.array(z.object({ group: z.string(), text: z.string() })) }),
  z.object({ captions: z.record(z.string(), z.string()) }),
  z.record(z.string(), z.string()),
]);

/** Reads the model's answer: JSON, possibly in a code fence or with words around it. */
export function parseCaptionAnswer(text: string, groups: readonly CaptionGroup[]): Map<string, string> {
  const found = new Map<string, string>();
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  for (const candidate of candidates) {
    let json: unknown;
    try {
      json = JSON.parse(candidate);
    } catch {
      continue;
    }
    const parsed = answerSchema.safeParse(json);
    if (!parsed.success) continue;
    const data = parsed.data;
    const entries: Array<[string, string]> =
      'captions' in data && Array.isArray(data.captions)
        ? data.captions.map((c) => [c.group, c.text])
        : 'captions' in data && typeof data.captions === 'object'
          ? Object.entries(data.captions as Record<string, string>)
          : Object.entries(data as Record<string, string>);
    for (const [group, caption] of entries) {
      const id = groups.find((g) => g.group === group || g.platforms.includes(group as PlatformId))?.group;
      if (id && caption.trim()) found.set(id, caption.trim());
    }
    if (found.size) return found;
  }
  // A lone caption without JSON is still usable when only one was asked for.
  if (groups.length === 1 && text.trim() && !text.trim().startsWith('{'))
    found.set(groups[0]!.group, text.trim());
  return found;
}

/**
 * Captions with Anthropic's Messages API and the workspace's own key. One caption per group of
 * platforms sharing a limit; each is counted the platform's way, an over-long caption is sent
 * back once to be shortened (with its measured length), and cut at a word boundary as a last
 * resort. The SDK's own retries are off: Temporal retries the activity.
 *
 * Errors: a refused key → `ConfigurationError` (setting `ai.anthropicApiKey`); 429 / 529 → `RateLimitedError` (with the
 * `retry-after` wait); 5xx and network → `TransientError`; 400 → `ContentRejectedError`;
 * an unknown model → `ConfigurationError`.
 *
 * @example
 * ```ts
 * const captions = createAnthropicCaptionService({ timeoutMs: 30_000 });
 * const { captions: byPlatform } = await captions.generate({
 *   apiKey: workspace.ai.anthropicApiKey, model: 'claude-sonnet-5-5', brandVoiceSamples: [], tone: null,
 *   brief: 'We launch v2 on Monday', limits: [{ platform: 'x', maxLength: 280, counting: 'weighted' }],
 * });
 * ```
 */
export function createAnthropicCaptionService(options: AnthropicCaptionOptions = {}): CaptionService {
  return {
    async generate(request: CaptionRequest): Promise<CaptionResult> {
      const groups = groupLimits(request.limits);
      if (groups.length === 0) return { captions: {}, model: request.model };
      const key = request.apiKey.reveal();
      const client = new Anthropic({
        apiKey: key,
        maxRetries: 0,
        timeout: options.timeoutMs ?? 60_000,
        ...(options.baseURL ? { baseURL: options.baseURL } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      const maxTokens = Math.min(
        8192,
        512 + groups.reduce((sum, g) => sum + Math.ceil(Math.min(g.maxLength, 3000) / 2), 0),
      );
      const call = async (messages: Anthropic.MessageParam[]) => {
        try {
          const message = await client.messages.create({
            model: request.model,
            max_tokens: maxTokens,
            system: SYSTEM,
            messages,
          });
          const text = message.content
            .map((block) => (block.type === 'text' ? block.text : ''))
            .join('')
            .trim();
          return { text, model: message.model || request.model };
        } catch (error) {
          throw mapAnthropicError(error, key, request.model);
        }
      };

      const prompt = buildCaptionPrompt(request, groups);
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: prompt }];
      const first = await call(messages);
      const captions = parseCaptionAnswer(first.text, groups);
      let missing = groups.filter((g) => !captions.has(g.group));
      if (missing.length) {
        // One more chance for a malformed answer, then give up (Temporal retries later).
        const again = await call([
          ...messages,
          { role: 'assistant', content: first.text || '…' },
          {
            role: 'user',
            content: `That was not the JSON asked for. Answer again with JSON only: {"captions":[{"group":"…","text":"…"}]} for these groups.\n${groupsBlock(missing)}`,
          },
        ]);
        for (const [group, text] of parseCaptionAnswer(again.text, missing)) captions.set(group, text);
        missing = groups.filter((g) => !captions.has(g.group));
        if (missing.length) {
          throw new TransientError({
            platform: PLATFORM,
            message: `the model did not return captions for ${missing.map((g) => g.platforms.join('/')).join(', ')}`,
          });
        }
      }

      const over = groups.filter((g) => countText(captions.get(g.group) ?? '', g.counting) > g.maxLength);
      if (over.length) {
        const answer = JSON.stringify({
          captions: groups.map((g) => ({ group: g.group, text: captions.get(g.group) })),
        });
        const lines = over.map((g) => {
          const length = countText(captions.get(g.group) ?? '', g.counting);
          return `- "${g.group}" is ${length} ${COUNTING_WORDS[g.counting]}; the limit is ${g.maxLength}. Make it at most ${Math.floor(g.maxLength * 0.9)}.`;
        });
        const shorter = await call([
          ...messages,
          { role: 'assistant', content: answer },
          {
            role: 'user',
            content: `These captions are too long:\n${lines.join('\n')}\nRewrite only these, shorter, keeping the voice. JSON only, same shape.\n${groupsBlock(over)}`,
          },
        ]);
        const rewritten = parseCaptionAnswer(shorter.text, over);
        for (const g of over) {
          const candidate = rewritten.get(g.group);
          if (
            candidate &&
            countText(candidate, g.counting) < countText(captions.get(g.group) ?? '', g.counting)
          )
            captions.set(g.group, candidate);
        }
      }

      const result: Partial<Record<PlatformId, string>> = {};
      for (const g of groups) {
        const text = fitToLimit(captions.get(g.group) ?? '', g.maxLength, g.counting);
        for (const platform of g.platforms) result[platform] = text;
      }
      return { captions: result, model: first.model };
    },
  };
}

/** Turns an SDK error into RelayPost's error family; the key is scrubbed from every message. */
export function mapAnthropicError(error: unknown, key: string, model: string): Error {
  const scrub = (text: string) => (key ? text.split(key).join('[redacted]') : text);
  if (error instanceof APIUserAbortError || error instanceof APIConnectionError) {
    return new TransientError({
      platform: PLATFORM,
      message: scrub(`could not reach the Anthropic API: ${error.message}`),
    });
  }
  if (!(error instanceof APIError)) return error instanceof Error ? error : new Error(String(error));
  const status = error.status ?? 0;
  const detail = scrub(error.apiMessage ?? error.message);
  const type = error.type ?? undefined;
  const common = { platform: PLATFORM, status, ...(type ? { platformCode: type } : {}) };
  if (status === 401 || status === 403 || type === 'authentication_error' || type === 'permission_error') {
    return new ConfigurationError(`The workspace's Anthropic API key was refused: ${detail}`, {
      setting: 'ai.anthropicApiKey',
    });
  }
  if (status === 429 || status === 529 || type === 'rate_limit_error' || type === 'overloaded_error') {
    const headers = error.headers;
    const retryAfterMs =
      parseRetryAfter(
        headers?.get('retry-after-ms') ? String(Number(headers.get('retry-after-ms')) / 1000) : null,
      ) ?? parseRetryAfter(headers?.get('retry-after'));
    return new RateLimitedError({
      ...common,
      message:
        status === 529 ? `Anthropic is overloaded: ${detail}` : `Anthropic rate limit reached: ${detail}`,
      retryAfterMs,
      scope: 'account',
    });
  }
  if (status === 404 || type === 'not_found_error') {
    return new ConfigurationError(`Anthropic does not know the model "${model}": ${detail}`);
  }
  if (status === 402 || type === 'billing_error') {
    return new ConfigurationError(`The workspace's Anthropic account cannot be billed: ${detail}`);
  }
  if (status === 408 || status === 409 || status >= 500) {
    return new TransientError({ ...common, message: `Anthropic API error ${status}: ${detail}` });
  }
  return new ContentRejectedError({
    ...common,
    message: `Anthropic refused the caption request (${status}): ${detail}`,
    field: 'caption',
    platformMessage: detail,
  });
}
