import { describe, expect, it } from 'vitest';
import {
  createPostInputSchema,
  createWorkspaceInputSchema,
  parseOrThrow,
  ValidationError,
} from '../index.js';
import { webhookSettingsInputSchema } from './workspace.js';

describe('schemas', () => {
  it('accepts a workspace with an IANA zone and fills defaults', () => {
    const ws = parseOrThrow(createWorkspaceInputSchema, {
      name: 'Acme',
      timeZone: 'Europe/Berlin',
      ai: { anthropicApiKey: 'k' },
    });
    expect(ws.ai?.model).toBeTruthy();
    expect(ws.ai?.brandVoiceSamples).toEqual([]);
  });

  it('names the bad field', () => {
    try {
      parseOrThrow(createWorkspaceInputSchema, { name: '', timeZone: 'Mars/Olympus' }, 'workspace');
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      const paths = (error as ValidationError).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['name', 'timeZone']));
      expect((error as ValidationError).message).toMatch(/^Invalid workspace: /);
    }
  });

  it('validates posts: targets, duplicate accounts, instants with offsets', () => {
    const accountId = crypto.randomUUID();
    const ok = parseOrThrow(createPostInputSchema, {
      content: { text: 'hi' },
      targets: [{ accountId }],
      publishAt: { at: '2026-12-01T09:00:00+01:00', timeZone: 'Europe/Paris' },
    });
    expect(ok.approval.mode).toBe('none');
    const error = createPostInputSchema.safeParse({
      content: { text: 'hi' },
      targets: [{ accountId }, { accountId }],
      publishAt: { at: 'tomorrow', timeZone: 'UTC' },
    });
    expect(error.success).toBe(false);
    const paths = ValidationError.fromZod(error.error!).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['targets.1.accountId', 'publishAt.at']));
  });

  it('never crashes on random input: always a typed error or a value', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.anything(), (input) => {
        try {
          parseOrThrow(createPostInputSchema, input);
        } catch (error) {
          expect(ValidationError.isInstance(error)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('webhook URL', () => {
  it('needs https, except on loopback hosts', () => {
    expect(webhookSettingsInputSchema.safeParse({ url: 'https://hooks.example.com/rp' }).success).toBe(true);
    expect(webhookSettingsInputSchema.safeParse({ url: 'http://127.0.0.1:8080/rp' }).success).toBe(true);
    expect(webhookSettingsInputSchema.safeParse({ url: 'http://localhost/rp' }).success).toBe(true);
    const plain = webhookSettingsInputSchema.safeParse({ url: 'http://hooks.example.com/rp' });
    expect(plain.success).toBe(false);
    expect(plain.error?.issues[0]?.message).toMatch(/https/);
  });
});

describe('text RelayPost accepts', () => {
  const issuesOf = (schema: Parameters<typeof parseOrThrow>[0], input: unknown) => {
    try {
      parseOrThrow(schema, input);
      return [];
    } catch (error) {
      if (!ValidationError.isInstance(error)) throw error;
      return error.issues.map((i) => `${i.path}: ${i.message}`);
    }
  };
  const post = (text: string, extra: Record<string, unknown> = {}) => ({
    content: { text },
    targets: [{ accountId: '5f3b6f1e-2a4b-4c3d-9e8f-1a2b3c4d5e6f', ...extra }],
  });

  it('takes any well-formed text, emoji and every script included', () => {
    for (const text of ['', 'Hello 👋🏽', '👩‍👩‍👧‍👦 family', '日本語 العربية', 'tab\tand\nnewline', '\uFFFD'])
      expect(issuesOf(createPostInputSchema, post(text))).toEqual([]);
  });

  it('refuses NUL and unpaired surrogates, naming the field', () => {
    expect(issuesOf(createWorkspaceInputSchema, { name: 'a\u0000b' })).toEqual([
      'name: must not contain NUL characters (U+0000)',
    ]);
    expect(issuesOf(createPostInputSchema, post('broken \uD83D emoji'))).toEqual([
      'content.text: must not contain broken characters (an unpaired UTF-16 surrogate)',
    ]);
    expect(issuesOf(createPostInputSchema, { ...post('x'), idempotencyKey: 'k\uDC00' })).toHaveLength(1);
    expect(issuesOf(createPostInputSchema, post('x', { options: { title: 'a\u0000' } }))).toEqual([
      'targets.0.options.title: must not contain NUL characters (U+0000)',
    ]);
    expect(issuesOf(createPostInputSchema, post('x', { options: { 'k\u0000': 1 } }))).toEqual([
      'targets.0.options: has a key that must not contain NUL characters (U+0000)',
    ]);
  });

  it('bounds JSON options by depth and size before walking them', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(issuesOf(createPostInputSchema, post('x', { options: { deep } }))).toEqual([
      'targets.0.options: must be nested at most 32 levels deep',
    ]);
    const huge = { description: 'a'.repeat(200_001) };
    expect(issuesOf(createPostInputSchema, post('x', { options: huge }))).toEqual([
      'targets.0.options: must hold at most 200000 characters of text',
    ]);
    const many = { tags: Array.from({ length: 300_000 }, () => 1) };
    expect(issuesOf(createPostInputSchema, post('x', { options: many }))).toEqual([
      'targets.0.options: must hold at most 200000 characters of text',
    ]);
  });

  it('says the limit in words', () => {
    expect(issuesOf(createWorkspaceInputSchema, { name: 'n'.repeat(201) })).toEqual([
      'name: must be at most 200 characters',
    ]);
    expect(issuesOf(createWorkspaceInputSchema, { name: '   ' })).toEqual(['name: must not be empty']);
  });
});
