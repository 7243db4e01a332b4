import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderLittle } from './fake/render.js';
import { escapeLittleText, LITTLE_RESERVED, littleTextToPlain } from './little-text.js';

describe('escapeLittleText', () => {
  it('backslash-escapes each reserved character', () => {
    for (const c of LITTLE_RESERVED) expect(escapeLittleText(`a${c}b`)).toBe(`a\\${c}b`);
    expect([...LITTLE_RESERVED].sort()).toEqual([...'\\|{}@[]()<>#*_~'].sort());
  });

  it('escapes a realistic post and leaves everything else alone', () => {
    expect(escapeLittleText('Launch (beta) #ai @team: 50% off *now* — ok? é 🚀')).toBe(
      'Launch \\(beta\\) \\#ai \\@team: 50% off \\*now\\* — ok? é 🚀',
    );
    expect(escapeLittleText('C:\\path\\to_file')).toBe('C:\\\\path\\\\to\\_file');
    expect(escapeLittleText('plain text, with punctuation! & "quotes".')).toBe(
      'plain text, with punctuation! & "quotes".',
    );
  });

  it('escapes a mention-shaped string so it stays text', () => {
    const sent = escapeLittleText('@[Acme](urn:li:organization:1)');
    expect(sent).toBe('\\@\\[Acme\\]\\(urn:li:organization:1\\)');
    expect(renderLittle(sent)).toMatchObject({ text: '@[Acme](urn:li:organization:1)', mentions: [] });
  });

  it('turns #word into a hashtag template with linkHashtags', () => {
    expect(escapeLittleText('Ship it #buildinpublic #my_tag, not a#b or #', { linkHashtags: true })).toBe(
      'Ship it {hashtag|\\#|buildinpublic} {hashtag|\\#|my\\_tag}, not a\\#b or \\#',
    );
    const rendered = renderLittle(escapeLittleText('Go #ai (now)', { linkHashtags: true }));
    expect(rendered).toMatchObject({ text: 'Go #ai (now)', truncated: false, hashtags: ['ai'] });
  });

  it('without escaping, LinkedIn (the fake) would cut the post at the first reserved character', () => {
    expect(renderLittle('Launch (beta) today')).toMatchObject({ text: 'Launch ', truncated: true });
    expect(renderLittle(escapeLittleText('Launch (beta) today'))).toMatchObject({
      text: 'Launch (beta) today',
      truncated: false,
    });
  });

  it('round-trips any text: rendered (strictly) and read back (leniently) as written', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ab #@_\\|{}[]()<>*~é😀\n'), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.boolean(), (s, linkHashtags) => {
        const sent = escapeLittleText(s, { linkHashtags });
        const rendered = renderLittle(sent);
        expect(rendered.truncated).toBe(false);
        expect(rendered.text).toBe(s);
        expect(littleTextToPlain(sent)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('littleTextToPlain', () => {
  it('reads mentions by name and hashtag templates as #tag', () => {
    expect(littleTextToPlain('Hi @[Acme Corp](urn:li:organization:1234) {hashtag|\\#|Tech} \\(x\\)')).toBe(
      'Hi Acme Corp #Tech (x)',
    );
  });

  it('keeps what it cannot parse', () => {
    expect(littleTextToPlain('a (b) @c {d}')).toBe('a (b) @c {d}');
  });
});
