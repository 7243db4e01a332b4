import { countXWeighted } from '@relaypost/core';
import fc from 'fast-check';
import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { findChain, normaliseXText } from './reconcile.js';
import { splitForThread } from './thread.js';

describe('splitForThread', () => {
  it('keeps text within the limit whole', () => {
    expect(splitForThread('hello world', 280)).toEqual(['hello world']);
  });

  it('splits between words by weighted length (URLs 23, emoji 2)', () => {
    const text = `${'😀'.repeat(100)} https://example.com/a/very/long/path/that/counts/as/23 ${'word '.repeat(30)}`;
    const parts = splitForThread(text, 280);
    expect(parts.length).toBe(2);
    for (const part of parts) expect(countXWeighted(part)).toBeLessThanOrEqual(280);
    expect(parts[0]).toContain('https://example.com/a/very/long/path/that/counts/as/23');
  });

  it('cuts a single word longer than the limit', () => {
    const parts = splitForThread('x'.repeat(600), 280);
    expect(parts.map((p) => p.length)).toEqual([280, 280, 40]);
  });

  it('weighs parts as X does: no part of a split is over 280 for twitter-text', () => {
    // Bare domains weigh 23 for X; counted by their letters, these parts would go out too long.
    const text = Array.from({ length: 40 }, (_, i) => `see${i}.example.de`).join(' ');
    const parts = splitForThread(text, 280);
    for (const part of parts) expect(twitterText.parseTweet(part).weightedLength).toBeLessThanOrEqual(280);
    expect(parts.join(' ')).toBe(text);
  });

  it('never loses words and never exceeds the limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9😀中]{1,30}$/u), { minLength: 1, maxLength: 120 }),
        (words) => {
          const text = words.join(' ');
          const parts = splitForThread(text, 50);
          for (const part of parts) expect(countXWeighted(part)).toBeLessThanOrEqual(50);
          expect(parts.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        },
      ),
    );
  });
});

describe('normaliseXText', () => {
  it('matches X’s rendering of what we sent', () => {
    expect(normaliseXText('Read https://t.co/abc123 &amp; more')).toBe(
      normaliseXText('Read  https://example.com/post & more '),
    );
    expect(normaliseXText('e\u0301')).toBe(normaliseXText('é'));
  });

  it('treats every link X rewrites to t.co as a link: bare domains under any TLD X knows', () => {
    expect(normaliseXText('Docs at example.de and relaypost.museum/start')).toBe(
      normaliseXText('Docs at https://t.co/a1B2c3 and https://t.co/d4E5f6'),
    );
    // E-mail addresses stay text, as X leaves them.
    expect(normaliseXText('mail me@example.com')).not.toBe(normaliseXText('mail https://t.co/a1B2c3'));
  });
});

describe('findChain', () => {
  const timeline = [
    { id: '5', text: 'two', referenced_tweets: [{ type: 'replied_to', id: '4' }] },
    { id: '4', text: 'one' },
    { id: '2', text: 'two', referenced_tweets: [{ type: 'replied_to', id: '1' }] },
    { id: '1', text: 'one' },
  ];
  it('takes the newest matching first part and follows the replies', () => {
    expect(findChain(timeline, ['one', 'two'], [])).toEqual(['4', '5']);
  });
  it('starts from known parts', () => {
    expect(findChain(timeline, ['one', 'two', 'three'], ['1'])).toEqual(['1', '2']);
  });
  it('finds nothing for other text', () => {
    expect(findChain(timeline, ['other'], [])).toEqual([]);
  });
});
