import { describe, expect, it } from 'vitest';
import { authorOf, restHeaders, restliIdOf } from './rest.js';

describe('restliIdOf', () => {
  it('reads a plain URN', () => {
    expect(restliIdOf(new Headers({ 'x-restli-id': 'urn:li:share:6844785523593134080' }))).toBe(
      'urn:li:share:6844785523593134080',
    );
  });

  it('decodes a URL-encoded URN', () => {
    expect(restliIdOf(new Headers({ 'x-restli-id': 'urn%3Ali%3AugcPost%3A7012' }))).toBe(
      'urn:li:ugcPost:7012',
    );
  });

  it('is undefined when the header is missing, empty or not a URN', () => {
    expect(restliIdOf(new Headers())).toBeUndefined();
    expect(restliIdOf(new Headers({ 'x-restli-id': ' ' }))).toBeUndefined();
    expect(restliIdOf(new Headers({ 'x-restli-id': '12345' }))).toBeUndefined();
    expect(restliIdOf(new Headers({ 'x-restli-id': 'urn%3Ali%3' }))).toBeUndefined();
  });
});

describe('authorOf', () => {
  it('splits member and organization URNs and refuses others', () => {
    expect(authorOf('urn:li:person:abc')).toEqual({ type: 'person', id: 'abc', urn: 'urn:li:person:abc' });
    expect(authorOf('urn:li:organization:42')?.type).toBe('organization');
    expect(authorOf('urn:li:share:42')).toBeUndefined();
    expect(authorOf('42')).toBeUndefined();
  });
});

describe('restHeaders', () => {
  it('carries the version and the Rest.li protocol', () => {
    expect(restHeaders('tok', '202606')).toEqual({
      authorization: 'Bearer tok',
      'linkedin-version': '202606',
      'x-restli-protocol-version': '2.0.0',
    });
  });
});
