import { describe, expect, it } from 'vitest';
import {
  createPostInputSchema,
  createWorkspaceInputSchema,
  parseOrThrow,
  ValidationError,
  webhookSettingsInputSchema,
} from '../src/index.js';

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
