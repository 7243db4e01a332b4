import type { HistoryEvent, PlatformCapabilities, Post } from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import { formatDuration, outcomesPerDay } from '../src/lib/analytics';
import { countTargets } from '../src/lib/counters';
import { actorText, cancelledTargetNote, eventDetails, inOrder } from '../src/lib/history';
import { settingsErrors } from '../src/lib/issues';
import { platformsNeedingJpeg } from '../src/lib/media';
import {
  describeExpiry,
  formatHandle,
  type PlatformInfo,
  postPlatforms,
  postTitle,
} from '../src/lib/platforms';
import { keepSecret, parseIdList, parseSamples } from '../src/lib/settings';

const caps = (text: Partial<PlatformCapabilities['text']>, extra: Partial<PlatformCapabilities> = {}) =>
  ({
    text: { counting: 'characters', maxLength: 10, ...text },
    threads: false,
    ...extra,
  }) as PlatformCapabilities;

describe('countTargets', () => {
  it('measures each target’s own text, or the main text, against its platform’s limit', () => {
    const byPlatform: Record<string, PlatformCapabilities> = {
      x: caps({ counting: 'weighted', maxLength: 280 }, { threads: true }),
      bluesky: caps({ counting: 'graphemes', maxLength: 5 }),
    };
    const counts = countTargets(
      {
        text: 'Hello 👋🏽',
        thread: true,
        targets: [
          { key: 'a', platform: 'x' },
          { key: 'b', platform: 'bluesky', text: 'a much longer text' },
        ],
      },
      (p) => byPlatform[p],
    );
    expect(counts.map((c) => [c.key, c.count, c.max, c.over, c.willThread])).toEqual([
      ['a', 8, 280, false, false],
      ['b', 18, 5, true, false],
    ]);
  });

  it('says a long text becomes a thread only where the platform has threads', () => {
    const [count] = countTargets(
      { text: 'x'.repeat(20), thread: true, targets: [{ key: 'a', platform: 'x' }] },
      () => caps({ maxLength: 10 }, { threads: true }),
    );
    expect(count).toMatchObject({ over: true, willThread: true, remaining: -10 });
  });
});

describe('settingsErrors', () => {
  it('places each SDK issue next to its field, in words, with the typed entry', () => {
    const errors = settingsErrors(
      [
        {
          path: 'telegram.approverChatIds.1',
          message: 'Invalid string: must match pattern /^-?\\d+$|^@\\w{5,}$/',
        },
        { path: 'webhook.url', message: 'must use https (http is allowed only for localhost)' },
        { path: 'ai.brandVoiceSamples.2', message: 'Too big: expected string to have <=5000 characters' },
        { path: 'timeZone', message: 'must be an IANA time zone such as Europe/Berlin' },
      ],
      { approverChatIds: ['42', 'team'] },
    );
    expect(errors).toEqual({
      approverChatIds:
        '“team” is not a chat: use a numeric chat id such as -1001234567890, or a channel name such as @team_channel.',
      webhookUrl:
        'Enter a full https address, such as https://example.com/relaypost (plain http only for localhost).',
      samples: 'Sample 3 is too long: 5,000 characters at most per sample.',
      timeZone: 'Choose a time zone from the list (for example Europe/Berlin).',
    });
    expect(JSON.stringify(errors)).not.toMatch(/telegram\.|ai\.|\.\d/);
  });

  it('says in words that Anthropic refused the key or does not offer the model', () => {
    const errors = settingsErrors([
      { path: 'ai.anthropicApiKey', message: 'was refused by Anthropic (invalid x-api-key)' },
      { path: 'ai.model', message: 'is not a model Anthropic offers this key', actual: 'claude-nope' },
    ]);
    expect(errors.anthropicApiKey).toBe(
      'Anthropic refused this key (“invalid x-api-key”): check that you copied the whole key from console.anthropic.com and that it has not been revoked. Nothing was saved.',
    );
    expect(errors.model).toMatch(/^Anthropic does not offer “claude-nope” to this key: check the model name/);
    expect(JSON.stringify(errors)).not.toMatch(/ai\./);
  });

  it('keeps an issue it cannot place for the form as a whole', () => {
    expect(
      settingsErrors([
        { path: 'somethingNew', message: 'Invalid input: expected string, received undefined' },
      ]),
    ).toEqual({
      form: 'This setting was refused: is required.',
    });
  });
});

describe('settings fields', () => {
  it('splits samples on lines of ---, and id lists on commas, spaces and lines', () => {
    expect(parseSamples('One\n---\nTwo\n\n---\n')).toEqual(['One', 'Two']);
    expect(parseIdList('42, @team_channel\n-100123  7')).toEqual(['42', '@team_channel', '-100123', '7']);
  });

  it('keeps a stored secret when the write-only field is left empty', () => {
    const stored = { reveal: () => 'old' };
    expect(keepSecret('  ', stored)).toBe('old');
    expect(keepSecret('new', stored)).toBe('new');
    expect(keepSecret('', null)).toBeUndefined();
  });
});

describe('accounts', () => {
  it('shows a handle with exactly one @', () => {
    expect(formatHandle('@fakechannel')).toBe('@fakechannel');
    expect(formatHandle('@@x')).toBe('@x');
    expect(formatHandle('acme.bsky.social')).toBe('@acme.bsky.social');
  });

  it('explains the token’s expiry', () => {
    const now = Date.parse('2026-07-01T00:00:00Z');
    expect(describeExpiry('2026-07-04T00:00:00Z', now)).toMatchObject({
      text: 'expires in 3 days',
      tone: 'soon',
    });
    expect(describeExpiry('2026-06-30T21:00:00Z', now)).toMatchObject({
      text: 'expired 3 hours ago',
      tone: 'expired',
    });
    expect(describeExpiry(null, now).text).toBe('does not expire');
  });
});

describe('postTitle', () => {
  it('takes the first line, shortened, or names the post', () => {
    expect(postTitle({ id: 'abcdef123', content: { text: '\nLaunch!\nMore' }, targets: [] })).toBe('Launch!');
    expect(postTitle({ id: 'abcdef123', content: { text: '' }, targets: [{ text: null }] })).toBe(
      'Post abcdef12',
    );
    expect(postTitle({ id: 'x', content: { text: 'y'.repeat(80) }, targets: [] })).toHaveLength(70);
  });
});

describe('history', () => {
  const event = (over: Partial<HistoryEvent>): HistoryEvent => ({
    id: 'e',
    workspaceId: 'w',
    seq: 1,
    type: 'post.rescheduled',
    postId: 'p',
    targetId: null,
    accountId: null,
    actor: { kind: 'user', id: 'u1', name: 'Ada' },
    data: {},
    occurredAt: '2026-07-01T07:00:00.000Z',
    ...over,
  });

  it('names who acted', () => {
    expect(actorText({ kind: 'user', id: 'u1', name: 'Ada' })).toBe('by Ada');
    expect(actorText({ kind: 'telegram', id: '42', name: 'Bob' })).toBe('by Bob on Telegram');
    expect(actorText({ kind: 'api' })).toBe('through the API');
  });

  it('shows a reschedule’s times in the workspace’s zone and a status change in words', () => {
    const format = (iso: string) => `<${iso.slice(11, 16)}>`;
    expect(
      eventDetails(
        event({ data: { from: '2026-07-01T07:00:00Z', to: '2026-07-02T07:00:00Z' } }),
        { targets: [] },
        format,
      ),
    ).toBe('<07:00> → <07:00>');
    expect(
      eventDetails(
        event({ type: 'post.status_changed', data: { from: 'awaiting_approval', to: 'scheduled' } }),
        { targets: [] },
        format,
      ),
    ).toBe('awaiting approval → scheduled');
  });

  it('says why a cancelled target was not published: its own reason and who, else how it ended', () => {
    const history = [
      event({ id: 'a', seq: 1, type: 'post.created' }),
      event({
        id: 'b',
        seq: 2,
        type: 'target.cancelled',
        targetId: 't1',
        data: { reason: 'account disconnected' },
      }),
    ];
    const note = (targetId: string, postStatus: 'scheduled' | 'rejected' | 'cancelled', gone = false) =>
      cancelledTargetNote({ targetId, postStatus, history, accountDisconnected: gone });
    expect(note('t1', 'scheduled')).toBe('Not published: account disconnected by Ada.');
    expect(note('t2', 'cancelled', true)).toBe('Not published: the account was disconnected.');
    expect(note('t2', 'rejected')).toBe('Not published: the post was rejected.');
    expect(note('t2', 'cancelled')).toBe('Not published: the post was cancelled.');
  });

  it('orders events by the log’s sequence', () => {
    expect(inOrder([event({ id: 'b', seq: 2 }), event({ id: 'a', seq: 1 })]).map((e) => e.id)).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('postPlatforms', () => {
  it('leaves out a cancelled target, but shows every platform of a post that ended unpublished', () => {
    expect(
      postPlatforms({
        targets: [
          { platform: 'x', status: 'cancelled' },
          { platform: 'bluesky', status: 'pending' },
        ],
      }),
    ).toEqual(['bluesky']);
    expect(
      postPlatforms({
        targets: [
          { platform: 'x', status: 'cancelled' },
          { platform: 'bluesky', status: 'cancelled' },
        ],
      }),
    ).toEqual(['x', 'bluesky']);
  });
});

describe('platformsNeedingJpeg', () => {
  const info = (mimeTypes: string[]) =>
    ({ capabilities: { media: { kinds: { image: { mimeTypes } } } } }) as unknown as PlatformInfo;
  const platforms = new Map([
    ['instagram', info(['image/jpeg'])],
    ['bluesky', info(['image/jpeg', 'image/png'])],
  ] as const);

  it('names the platforms that take JPEG but not this type', () => {
    expect(platformsNeedingJpeg('image/png', ['instagram', 'bluesky'], platforms)).toEqual(['instagram']);
    expect(platformsNeedingJpeg('image/jpeg', ['instagram'], platforms)).toEqual([]);
    expect(platformsNeedingJpeg('video/mp4', ['instagram'], platforms)).toEqual([]);
  });
});

describe('outcomesPerDay', () => {
  it('counts a target on its day in the workspace’s zone', () => {
    const post = {
      publishAt: null,
      targets: [
        { status: 'published', result: { publishedAt: '2026-06-30T22:30:00Z' }, updatedAt: '' },
        { status: 'failed', result: { publishedAt: null }, updatedAt: '2026-06-30T12:00:00Z' },
        { status: 'pending', result: { publishedAt: null }, updatedAt: '2026-06-30T12:00:00Z' },
      ],
    } as unknown as Post;
    expect(outcomesPerDay([post], 'Europe/Berlin', ['2026-06-30', '2026-07-01'])).toEqual([
      { day: '2026-06-30', published: 0, failed: 1 },
      { day: '2026-07-01', published: 1, failed: 0 },
    ]);
    expect(outcomesPerDay([post], 'UTC', ['2026-06-30'])).toEqual([
      { day: '2026-06-30', published: 1, failed: 1 },
    ]);
  });

  it('formats lateness', () => {
    expect([
      formatDuration(null),
      formatDuration(850),
      formatDuration(1200),
      formatDuration(180_000),
    ]).toEqual(['—', '850 ms', '1.2 s', '3 min']);
  });
});
