import { describe, expect, it } from 'vitest';
import { type MediaAsset, type PlatformCapabilities, validateAgainstCapabilities } from '../index.js';

const caps: PlatformCapabilities = {
  text: { maxLength: 10, counting: 'graphemes', required: true },
  media: {
    kinds: {
      image: {
        mimeTypes: ['image/png', 'image/jpeg'],
        maxBytes: 1000,
        maxCount: 2,
        aspectRatio: { min: 0.8, max: 1.91 },
      },
      video: {
        mimeTypes: ['video/mp4'],
        maxBytes: 5000,
        maxCount: 1,
        minDurationMs: 1000,
        maxDurationMs: 60_000,
      },
    },
    maxItems: 2,
    mixedKinds: false,
    required: false,
    fetchedByUrl: false,
  },
  threads: true,
  altText: { maxLength: 5 },
  firstComment: false,
  title: null,
  delete: true,
  metrics: null,
};

function asset(overrides: Partial<MediaAsset>): MediaAsset {
  return {
    id: crypto.randomUUID(),
    workspaceId: crypto.randomUUID(),
    mimeType: 'image/png',
    sizeBytes: 100,
    width: 100,
    height: 100,
    durationMs: null,
    checksumSha256: 'a'.repeat(64),
    storageKey: 'k',
    altText: null,
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

const content = (over: Partial<Parameters<typeof validateAgainstCapabilities>[1]>) => ({
  text: 'ok',
  media: [],
  thread: false,
  options: {},
  ...over,
});

describe('validateAgainstCapabilities', () => {
  it('accepts valid content', () => {
    expect(validateAgainstCapabilities(caps, content({ media: [asset({})] }))).toEqual([]);
  });

  it('reports text over the limit with limit and actual, unless it may become a thread', () => {
    expect(validateAgainstCapabilities(caps, content({ text: '12345678901' }))).toEqual([
      { path: 'text', message: 'is longer than 10 (graphemes)', limit: 10, actual: 11 },
    ]);
    expect(validateAgainstCapabilities(caps, content({ text: '12345678901', thread: true }))).toEqual([]);
  });

  it('reports missing text', () => {
    expect(validateAgainstCapabilities(caps, content({ text: '  ' }))[0]?.path).toBe('text');
  });

  it('reports every media problem with its path', () => {
    const issues = validateAgainstCapabilities(
      caps,
      content({
        media: [
          asset({ mimeType: 'image/webp' }),
          asset({ sizeBytes: 2000, altText: 'too long alt' }),
          asset({ width: 300, height: 100 }),
        ],
      }),
    );
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'media',
        'media.0.mimeType',
        'media.1.sizeBytes',
        'media.1.altText',
        'media.2.aspectRatio',
      ]),
    );
    expect(issues.find((i) => i.path === 'media.1.sizeBytes')).toMatchObject({ limit: 1000, actual: 2000 });
  });

  it('reports unsupported kinds, mixing and durations', () => {
    const issues = validateAgainstCapabilities(
      caps,
      content({
        media: [
          asset({ mimeType: 'image/gif' }),
          asset({ mimeType: 'video/mp4', durationMs: 120_000, sizeBytes: 10 }),
        ],
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['media.0.mimeType', 'media.1.durationMs']),
    );
    const mixed = validateAgainstCapabilities(
      caps,
      content({ media: [asset({}), asset({ mimeType: 'video/mp4', durationMs: 5000, sizeBytes: 10 })] }),
    );
    expect(mixed).toEqual([
      { path: 'media', message: 'cannot mix media kinds in one post', limit: 1, actual: 2 },
    ]);
  });
});
