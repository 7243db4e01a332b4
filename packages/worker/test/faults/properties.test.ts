import {
  countCodePoints,
  countGraphemes,
  countUtf8Bytes,
  countXWeighted,
  createPostInputSchema,
  createWorkspaceInputSchema,
  parseOrThrow,
  updateWorkspaceInputSchema,
  ValidationError,
} from '@relaypost/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * Property-based checks of the pure functions that every post passes through: text counting and
 * input validation, each on arbitrary Unicode or arbitrary junk. (The Bluesky facets' byte offsets
 * have their own in `packages/platforms/src/bluesky/facets.property.test.ts`.)
 */

/** Arbitrary Unicode, as single code points and as whole (multi code point) graphemes. */
const unicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

describe('text counting', () => {
  it('orders the measures: graphemes ≤ code points ≤ UTF-16 units ≤ UTF-8 bytes', () => {
    fc.assert(
      fc.property(unicode, (text) => {
        const graphemes = countGraphemes(text);
        expect(graphemes).toBeLessThanOrEqual(countCodePoints(text));
        expect(countCodePoints(text)).toBeLessThanOrEqual(text.length);
        expect(text.length).toBeLessThanOrEqual(countUtf8Bytes(text));
        expect(countUtf8Bytes(text)).toBe(Buffer.byteLength(text, 'utf8'));
        expect(graphemes === 0).toBe(text === '');
      }),
    );
  });

  it('counts joined graphemes one each', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), { maxLength: 20 }),
        (units) => {
          // Separated by spaces, so no two can fuse into one cluster.
          expect(countGraphemes(units.join(' '))).toBe(units.length * 2 - Math.min(units.length, 1));
        },
      ),
    );
  });

  it('never splits text by appending: count(a) ≤ count(a + b) ≤ count(a) + count(b)', () => {
    fc.assert(
      fc.property(unicode, unicode, (a, b) => {
        const joined = countGraphemes(a + b);
        expect(joined).toBeGreaterThanOrEqual(countGraphemes(a));
        expect(joined).toBeLessThanOrEqual(countGraphemes(a) + countGraphemes(b));
      }),
    );
  });

  it('weighs plain ASCII (no URL can form) at one per character', () => {
    const ascii = fc.string({ unit: 'grapheme-ascii', maxLength: 80 }).map((s) => s.replace(/[.:]/g, ' '));
    fc.assert(
      fc.property(ascii, (text) => {
        expect(countXWeighted(text)).toBe(text.length);
      }),
    );
  });

  it('weighs text around a space as the sum of its sides', () => {
    fc.assert(
      fc.property(unicode, unicode, (a, b) => {
        expect(countXWeighted(`${a} ${b}`)).toBe(countXWeighted(a) + 1 + countXWeighted(b));
      }),
    );
  });

  it('weighs every URL 23, however long', () => {
    // X links a domain only under a top-level domain it knows (twitter-text's list), so the
    // hosts end in real ones; `https://a.nj` is plain text to X.
    const host = fc
      .tuple(
        fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/),
        fc.constantFrom('com', 'de', 'io', 'co.uk', 'dev'),
      )
      .map(([name, tld]) => `${name}.${tld}`);
    const url = fc
      .tuple(host, fc.array(fc.stringMatching(/^[a-z0-9]{1,12}$/), { maxLength: 4 }))
      .map(([host, segments]) => `https://${host}${segments.map((s) => `/${s}`).join('')}`);
    fc.assert(
      fc.property(unicode, url, unicode, (a, link, b) => {
        expect(countXWeighted(`${a} ${link} ${b}`)).toBe(countXWeighted(a) + 1 + 23 + 1 + countXWeighted(b));
      }),
    );
  });

  it('weighs every emoji sequence 2, whatever its length', () => {
    const emoji = fc.constantFrom(
      '👍',
      '👍🏽',
      '👨‍👩‍👧‍👦',
      '🇩🇪',
      '🏴󠁧󠁢󠁥󠁮󠁧󠁿',
      '❤️',
      // Not '🧑🏿‍🚀': twitter-text 3.1's emoji data predates that sequence, so X's library weighs
      // its parts (person 2, joiner 1, rocket 2); the count follows the library (core's test).
      // Keycap sequences: emoji too (Unicode emoji-test.txt, which twitter-text's conformance
      // tests count as one emoji each).
      '1️⃣',
      '#️⃣',
    );
    fc.assert(
      fc.property(unicode, emoji, unicode, (a, sequence, b) => {
        expect(countXWeighted(`${a} ${sequence} ${b}`), sequence).toBe(
          countXWeighted(a) + 1 + 2 + 1 + countXWeighted(b),
        );
      }),
    );
  });
});

describe('input validation', () => {
  /** Anything a JSON body or a careless caller could hand over, and more. */
  const junk = fc.anything({
    maxDepth: 4,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withUnicodeString: true,
  });
  const orJunk = <T>(valid: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: junk });
  const instant = fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString());
  const timeZone = fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata');

  const target = fc.record(
    {
      id: orJunk(fc.uuid()),
      accountId: orJunk(fc.uuid()),
      text: orJunk(fc.string({ unit: 'binary', maxLength: 50 })),
      mediaIds: orJunk(fc.array(fc.uuid(), { maxLength: 3 })),
      options: orJunk(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }))),
    },
    { requiredKeys: ['accountId'] },
  );
  const post = fc.record(
    {
      id: orJunk(fc.uuid()),
      idempotencyKey: orJunk(fc.string({ minLength: 1, maxLength: 20 })),
      content: orJunk(
        fc.record(
          {
            text: orJunk(fc.string({ unit: 'binary', maxLength: 50 })),
            mediaIds: orJunk(fc.array(fc.uuid(), { maxLength: 3 })),
            thread: orJunk(fc.boolean()),
          },
          { requiredKeys: [] },
        ),
      ),
      targets: orJunk(fc.array(target, { minLength: 1, maxLength: 4 })),
      publishAt: orJunk(fc.record({ at: orJunk(instant), timeZone: orJunk(timeZone) })),
      approval: orJunk(
        fc.record(
          {
            mode: orJunk(fc.constantFrom('none', 'required')),
            deadline: orJunk(instant),
            onDeadline: orJunk(fc.constantFrom('expire', 'approve')),
            remindMinutesBefore: orJunk(fc.array(fc.integer({ min: 1, max: 10_080 }), { maxLength: 5 })),
          },
          { requiredKeys: [] },
        ),
      ),
      caption: orJunk(
        fc.record({ brief: orJunk(fc.string()), apply: orJunk(fc.boolean()) }, { requiredKeys: [] }),
      ),
    },
    { requiredKeys: ['content', 'targets'] },
  );
  const workspace = fc.record(
    {
      id: orJunk(fc.uuid()),
      name: orJunk(fc.string({ unit: 'binary', maxLength: 30 })),
      timeZone: orJunk(fc.oneof(timeZone, fc.string())),
      ai: orJunk(
        fc.record(
          {
            anthropicApiKey: orJunk(fc.string()),
            tone: orJunk(fc.string()),
            brandVoiceSamples: orJunk(fc.array(fc.string())),
          },
          { requiredKeys: [] },
        ),
      ),
      telegram: orJunk(
        fc.record(
          {
            botToken: orJunk(fc.string()),
            approverChatIds: orJunk(fc.array(fc.oneof(fc.integer(), fc.string()))),
            approverUserIds: orJunk(fc.array(fc.integer())),
          },
          { requiredKeys: [] },
        ),
      ),
      webhook: orJunk(
        fc.record({ url: orJunk(fc.webUrl()), secret: orJunk(fc.string()) }, { requiredKeys: [] }),
      ),
    },
    { requiredKeys: [] },
  );

  /** parseOrThrow either returns or throws a ValidationError naming each problem; nothing else. */
  function expectTypedOutcome(run: () => unknown): 'ok' | 'refused' {
    try {
      run();
      return 'ok';
    } catch (error) {
      expect(ValidationError.isInstance(error), String(error)).toBe(true);
      const { issues } = error as ValidationError;
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) {
        expect(typeof issue.path).toBe('string');
        expect(issue.path.length).toBeGreaterThan(0);
        expect(typeof issue.message).toBe('string');
      }
      return 'refused';
    }
  }

  // Always valid, so the accepting branch is exercised on every seed.
  const plainPost = fc.record({
    content: fc.record({ text: fc.string({ minLength: 1, maxLength: 50 }) }),
    targets: fc.uniqueArray(fc.record({ accountId: fc.uuid() }), {
      minLength: 1,
      maxLength: 3,
      selector: (t) => t.accountId,
    }),
  });

  it('answers any post input with the parsed post or a ValidationError', () => {
    // Both outcomes must occur, or the generator is not reaching what it should.
    const outcomes = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(fc.oneof(post, junk, plainPost), (input) => {
        outcomes[expectTypedOutcome(() => parseOrThrow(createPostInputSchema, input, 'post'))]++;
      }),
      { numRuns: 500 },
    );
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('answers any workspace input with the parsed workspace or a ValidationError', () => {
    const outcomes = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(fc.oneof(workspace, junk), (input) => {
        outcomes[expectTypedOutcome(() => parseOrThrow(createWorkspaceInputSchema, input, 'workspace'))]++;
        outcomes[expectTypedOutcome(() => parseOrThrow(updateWorkspaceInputSchema, input, 'workspace'))]++;
      }),
      { numRuns: 300 },
    );
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('accepts a valid post, and its parsed form parses to itself', () => {
    const validPost = fc.record({
      // Any text but NUL, which RelayPost refuses (Postgres and the platforms cannot store it).
      content: fc.record({
        text: fc.string({ unit: 'binary', maxLength: 200 }).map((t) => t.replaceAll('\u0000', '')),
      }),
      targets: fc.uniqueArray(fc.record({ accountId: fc.uuid() }), {
        minLength: 1,
        maxLength: 5,
        selector: (t) => t.accountId.toLowerCase(),
      }),
      publishAt: fc.record({ at: instant, timeZone }),
    });
    fc.assert(
      fc.property(validPost, (input) => {
        const parsed = parseOrThrow(createPostInputSchema, input, 'post');
        expect(parseOrThrow(createPostInputSchema, parsed, 'post')).toEqual(parsed);
      }),
    );
  });

  it('refuses platform options nested without end with a ValidationError, not a stack overflow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), (depth) => {
        // Built the way JSON.parse would build it from a small request body.
        const deep = JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`) as unknown;
        const input = {
          content: { text: 'hi' },
          targets: [{ accountId: '3f1c2a4e-8b7d-4c6e-9f0a-1b2c3d4e5f60', options: { deep } }],
        };
        expectTypedOutcome(() => parseOrThrow(createPostInputSchema, input, 'post'));
      }),
      { numRuns: 20, examples: [[5_000]] },
    );
  });
});
