import type { PlatformCapabilities, PlatformId } from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import { countTargets } from '../src/lib/counters.js';
import { FAKE_PLATFORMS } from './fake-relaypost.js';

const capabilitiesOf = (platform: PlatformId): PlatformCapabilities | undefined =>
  FAKE_PLATFORMS.find((p) => p.platform === platform)?.capabilities;

describe('per-platform counters', () => {
  const text = 'Launch day 👋🏽 https://example.com/a/very/long/path/that/x/counts/as/twenty-three 日本';

  it('counts the same text the way each platform counts it', () => {
    const counts = countTargets(
      {
        text,
        targets: (['bluesky', 'x', 'threads', 'youtube', 'linkedin'] as const).map((platform) => ({
          key: platform,
          platform,
        })),
      },
      capabilitiesOf,
    );
    const by = Object.fromEntries(counts.map((c) => [c.key, c.count]));
    const urlLength = 'https://example.com/a/very/long/path/that/x/counts/as/twenty-three'.length;
    // Bluesky: graphemes, the waving hand with its skin tone is one.
    expect(by.bluesky).toBe(11 + 1 + 1 + urlLength + 1 + 2);
    // X: weighted, URL = 23, emoji = 2, CJK = 2 each.
    expect(by.x).toBe(11 + 2 + 1 + 23 + 1 + 4);
    // Threads: characters, but an emoji counts as its UTF-8 bytes (👋🏽 = 8).
    expect(by.threads).toBe(11 + 8 + 1 + urlLength + 1 + 2);
    // UTF-8 bytes: 👋🏽 = 8, each CJK character = 3.
    expect(by.youtube).toBe(11 + 8 + 1 + urlLength + 1 + 6);
    // Code points: 👋🏽 is two.
    expect(by.linkedin).toBe(11 + 2 + 1 + urlLength + 1 + 2);
  });

  it('uses a target’s own text when it has one, and flags what is over', () => {
    const [x, bluesky] = countTargets(
      {
        text: 'short',
        targets: [
          { key: 'a', platform: 'x', text: 'y'.repeat(281) },
          { key: 'b', platform: 'bluesky' },
        ],
      },
      capabilitiesOf,
    );
    expect(x).toMatchObject({ count: 281, max: 280, remaining: -1, over: true, willThread: false });
    expect(bluesky).toMatchObject({ count: 5, max: 300, over: false });
  });

  it('says when long text will be split into a thread instead', () => {
    const [x, reddit] = countTargets(
      {
        text: 'y'.repeat(50_000),
        thread: true,
        targets: [
          { key: 'a', platform: 'x' },
          { key: 'b', platform: 'reddit' },
        ],
      },
      capabilitiesOf,
    );
    expect(x).toMatchObject({ over: true, willThread: true });
    expect(reddit).toMatchObject({ over: true, willThread: false });
  });

  it('skips platforms this deployment does not configure', () => {
    expect(countTargets({ text: 'x', targets: [{ key: 'a', platform: 'x' }] }, () => undefined)).toEqual([]);
  });
});
