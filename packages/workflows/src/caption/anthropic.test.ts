import {
  ConfigurationError,
  ContentRejectedError,
  countText,
  RateLimitedError,
  Secret,
  TransientError,
} from '@relaypost/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AnthropicFake,
  createAnthropicFake,
  defaultCaptionResponder,
} from '../testing/anthropic-fake.js';
import { createAnthropicCaptionService, groupLimits, parseCaptionAnswer } from './anthropic.js';
import { fitToLimit } from './fit.js';
import type { CaptionRequest } from './service.js';

const KEY = 'sk-ant-test-key';

function request(overrides: Partial<CaptionRequest> = {}): CaptionRequest {
  return {
    apiKey: new Secret(KEY),
    model: 'claude-caption-test',
    brandVoiceSamples: ['Ship it. Then ship the docs.'],
    tone: 'dry, confident',
    brief: 'RelayPost 2.0 ships on Monday with Threads support',
    limits: [
      { platform: 'x', maxLength: 280, counting: 'weighted' },
      { platform: 'bluesky', maxLength: 300, counting: 'graphemes' },
      { platform: 'threads', maxLength: 500, counting: 'characters-emoji-bytes' },
      { platform: 'linkedin', maxLength: 3000, counting: 'characters' },
      { platform: 'facebook', maxLength: 3000, counting: 'characters' },
    ],
    ...overrides,
  };
}

describe('createAnthropicCaptionService', () => {
  let fake: AnthropicFake;
  beforeAll(async () => {
    fake = await createAnthropicFake({ apiKeys: [KEY] });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.respondWith(defaultCaptionResponder);
    fake.calls.length = 0;
  });
  const service = () => createAnthropicCaptionService({ baseURL: fake.url, timeoutMs: 5000 });

  it('asks once per group of platforms sharing a limit and returns a caption for every platform', async () => {
    const result = await service().generate(request());
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.groups.map((g) => g.platforms)).toEqual([
      ['x'],
      ['bluesky'],
      ['threads'],
      ['linkedin', 'facebook'],
    ]);
    expect(call.messages[0]!.content).toContain('Ship it. Then ship the docs.');
    expect(call.messages[0]!.content).toContain('Tone: dry, confident');
    expect(call.system).toContain('JSON');
    expect(Object.keys(result.captions).sort()).toEqual(['bluesky', 'facebook', 'linkedin', 'threads', 'x']);
    expect(result.captions.linkedin).toBe(result.captions.facebook);
    expect(result.captions.x).toContain('RelayPost 2.0');
    expect(result.model).toBe('claude-caption-test');
  });

  it('sends an over-long caption back once with its measured length, then cuts at a word boundary', async () => {
    const long = `${'Launch day is here and every word matters '.repeat(12)}end`;
    fake.respondWith((req) =>
      JSON.stringify({ captions: req.groups.map((g) => ({ group: g.group, text: long })) }),
    );
    const result = await service().generate(
      request({ limits: [{ platform: 'x', maxLength: 280, counting: 'weighted' }] }),
    );
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1]!.messages.at(-1)!.content).toMatch(
      new RegExp(`is ${countText(long, 'weighted')} weighted`),
    );
    const caption = result.captions.x!;
    expect(countText(caption, 'weighted')).toBeLessThanOrEqual(280);
    expect(caption.endsWith('…')).toBe(true);
    expect(caption).not.toMatch(/\s…$/);
  });

  it('uses the shortened caption when the model complies', async () => {
    let turn = 0;
    fake.respondWith((req) => {
      turn++;
      const text = turn === 1 ? 'x'.repeat(400) : 'Short and sweet.';
      return `Here you go:\n\`\`\`json\n${JSON.stringify({ captions: req.groups.map((g) => ({ group: g.group, text })) })}\n\`\`\``;
    });
    const result = await service().generate(
      request({ limits: [{ platform: 'bluesky', maxLength: 300, counting: 'graphemes' }] }),
    );
    expect(result.captions.bluesky).toBe('Short and sweet.');
  });

  it('maps a refused key to a ConfigurationError on ai.anthropicApiKey without the key in the message', async () => {
    const error = await service()
      .generate(request({ apiKey: new Secret('sk-ant-wrong-key-123') }))
      .catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).setting).toBe('ai.anthropicApiKey');
    expect((error as Error).message).toMatch(
      /^The workspace's Anthropic API key was refused: invalid x-api-key/,
    );
    expect(JSON.stringify(error) + String(error) + (error as Error).stack).not.toContain(
      'sk-ant-wrong-key-123',
    );
  });

  it('maps 403 permission_error to a ConfigurationError', async () => {
    fake.failNext({ status: 403, type: 'permission_error', message: 'key lacks permission' });
    await expect(service().generate(request())).rejects.toSatisfy((e) => ConfigurationError.isInstance(e));
  });

  it('maps 429 and 529 to RateLimitedError with retry-after', async () => {
    fake.failNext({ status: 429, type: 'rate_limit_error', message: 'slow down', retryAfterSeconds: 7 });
    const limited = await service()
      .generate(request())
      .catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(limited)).toBe(true);
    expect((limited as RateLimitedError).retryAfterMs).toBe(7000);

    fake.failNext({ status: 529, type: 'overloaded_error', message: 'Overloaded', retryAfterSeconds: 2 });
    const overloaded = await service()
      .generate(request())
      .catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(overloaded)).toBe(true);
    expect((overloaded as RateLimitedError).retryAfterMs).toBe(2000);
  });

  it('maps 500 to TransientError, 400 to ContentRejectedError and 404 to ConfigurationError', async () => {
    fake.failNext({ status: 500, type: 'api_error', message: 'boom' });
    await expect(service().generate(request())).rejects.toSatisfy((e) => TransientError.isInstance(e));
    fake.failNext({ status: 400, type: 'invalid_request_error', message: 'prompt is too long' });
    await expect(service().generate(request())).rejects.toSatisfy((e) => ContentRejectedError.isInstance(e));
    fake.failNext({ status: 404, type: 'not_found_error', message: 'model: nope' });
    await expect(service().generate(request())).rejects.toSatisfy((e) => ConfigurationError.isInstance(e));
  });

  it('maps an unreachable API to TransientError', async () => {
    const closed = createAnthropicCaptionService({ baseURL: 'http://127.0.0.1:1', timeoutMs: 2000 });
    await expect(closed.generate(request())).rejects.toSatisfy((e) => TransientError.isInstance(e));
  });
});

describe('caption helpers', () => {
  it('parses JSON in several shapes', () => {
    const groups = groupLimits([
      { platform: 'x', maxLength: 280, counting: 'weighted' },
      { platform: 'linkedin', maxLength: 3000, counting: 'characters' },
    ]);
    expect(
      parseCaptionAnswer('{"captions":[{"group":"g1","text":"a"},{"group":"g2","text":"b"}]}', groups),
    ).toEqual(
      new Map([
        ['g1', 'a'],
        ['g2', 'b'],
      ]),
    );
    expect(parseCaptionAnswer('Sure! {"captions":{"x":"a","linkedin":"b"}} Enjoy.', groups).get('g2')).toBe(
      'b',
    );
    expect(parseCaptionAnswer('not json at all', groups).size).toBe(0);
    expect(parseCaptionAnswer('just a caption', groups.slice(0, 1)).get('g1')).toBe('just a caption');
  });

  it('fits text to a limit without splitting words or emoji', () => {
    expect(fitToLimit('A fairly long sentence here', 15, 'characters')).toBe('A fairly long…');
    const emoji = fitToLimit('Party 🎉🎉🎉🎉 time', 12, 'characters-emoji-bytes');
    expect(countText(emoji, 'characters-emoji-bytes')).toBeLessThanOrEqual(12);
    expect(emoji).not.toContain('\uFFFD');
    expect(fitToLimit('short', 10, 'characters')).toBe('short');
  });
});
