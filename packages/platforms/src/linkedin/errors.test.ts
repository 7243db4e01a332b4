import {
  ConfigurationError,
  ContentRejectedError,
  NeedsReconnectError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import {
  contentFieldOf,
  isDailyLimit,
  LINKEDIN_THROTTLE_WAIT_MS,
  linkedInErrorInfo,
  linkedInVersionError,
  mapLinkedInError,
  mapLinkedInOAuthError,
  msUntilUtcMidnight,
} from './errors.js';

/** 2026-05-01T21:30:00Z: 2 h 30 min before midnight UTC. */
const NOW = Date.parse('2026-05-01T21:30:00Z');
const failure = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  status,
  data,
  headers: new Headers(headers),
});

describe('mapLinkedInError', () => {
  it('401 → NeedsReconnectError with the service error code', () => {
    const error = mapLinkedInError(
      failure(401, {
        serviceErrorCode: 65601,
        message: 'The token used in the request has expired',
        status: 401,
      }),
      NOW,
    );
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
    expect(error.platformCode).toBe('65601');
    expect(error.message).toContain('has expired');
  });

  it('403 ACCESS_DENIED → NeedsReconnectError (missing scope or role)', () => {
    const error = mapLinkedInError(
      failure(403, {
        serviceErrorCode: 100,
        code: 'ACCESS_DENIED',
        message: 'Not enough permissions',
        status: 403,
      }),
      NOW,
    );
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
    expect(error.platformCode).toBe('ACCESS_DENIED');
  });

  it('429 without Retry-After waits until midnight UTC, when the daily limits reset', () => {
    const error = mapLinkedInError(
      failure(429, {
        message: 'Resource level throttle MEMBER DAY limit for calls to this resource is reached.',
        status: 429,
      }),
      NOW,
    ) as RateLimitedError;
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(2.5 * 60 * 60 * 1000);
    expect(error.scope).toBe('account');
  });

  it('429 for the application limit is app-scoped', () => {
    const error = mapLinkedInError(
      failure(429, {
        message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.',
        status: 429,
      }),
      NOW,
    ) as RateLimitedError;
    expect(error.scope).toBe('app');
    expect(error.retryAfterMs).toBe(2.5 * 60 * 60 * 1000);
  });

  it('429 "Too many requests" (throttling, no daily limit named) is a short wait, not until midnight', () => {
    const error = mapLinkedInError(
      failure(429, {
        status: 429,
        serviceErrorCode: 101,
        code: 'TOO_MANY_REQUESTS',
        message: 'Too many requests',
      }),
      NOW,
    ) as RateLimitedError;
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(LINKEDIN_THROTTLE_WAIT_MS);
    expect(error.retryAfterMs).toBeLessThan(2.5 * 60 * 60 * 1000);
    expect(error.scope).toBe('account');
  });

  it('the older daily-limit wording without DAY still waits until midnight UTC', () => {
    expect(isDailyLimit('Resource level throttle limit for calls to this resource is reached.')).toBe(true);
    expect(isDailyLimit('Too many requests')).toBe(false);
  });

  it('429 with a Retry-After honours it instead', () => {
    const error = mapLinkedInError(
      failure(429, { message: 'Too Many Requests', status: 429 }, { 'retry-after': '42' }),
      NOW,
    );
    expect((error as RateLimitedError).retryAfterMs).toBe(42_000);
  });

  it('5xx → TransientError', () => {
    for (const status of [500, 502, 503, 504]) {
      expect(
        TransientError.isInstance(mapLinkedInError(failure(status, { message: 'x', status }), NOW)),
      ).toBe(true);
    }
  });

  it('422 with input errors → ContentRejectedError naming the field', () => {
    const error = mapLinkedInError(
      failure(422, {
        message: 'ERROR :: /commentary :: length 3100 exceeds the maximum allowed length 3000',
        status: 422,
        errorDetailType: 'com.linkedin.common.error.BadRequest',
        errorDetails: {
          inputErrors: [
            {
              description: 'length 3100 exceeds the maximum allowed length 3000',
              input: { inputPath: { fieldPath: '/commentary' } },
              code: 'INVALID_VALUE_FOR_FIELD',
            },
          ],
        },
      }),
      NOW,
    ) as ContentRejectedError;
    expect(ContentRejectedError.isInstance(error)).toBe(true);
    expect(error.retryable).toBe(false);
    expect(error.field).toBe('text');
    expect(error.platformCode).toBe('INVALID_VALUE_FOR_FIELD');
    expect(error.platformMessage).toContain('exceeds the maximum allowed length 3000');
  });

  it('400 with the field only in the message still names it', () => {
    const error = mapLinkedInError(
      failure(400, {
        message: '/content/media/id :: urn:li:image:X is not AVAILABLE',
        status: 400,
        serviceErrorCode: 100,
      }),
      NOW,
    ) as ContentRejectedError;
    expect(error.field).toBe('media');
    expect(error.platformCode).toBe('100');
  });

  it('a duplicate post is rejected content on the text', () => {
    const error = mapLinkedInError(
      failure(422, {
        message: 'Content is a duplicate of urn:li:share:7',
        status: 422,
        serviceErrorCode: 100,
      }),
      NOW,
    ) as ContentRejectedError;
    expect(ContentRejectedError.isInstance(error)).toBe(true);
    expect(error.platformMessage).toContain('duplicate');
  });
});

describe('linkedInVersionError', () => {
  it('a sunset LinkedIn-Version (426) is a ConfigurationError naming the setting to raise', () => {
    const error = linkedInVersionError(
      failure(426, {
        status: 426,
        code: 'NONEXISTENT_VERSION',
        message: 'Requested version 20230101 is not active',
      }),
      '202301',
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error?.message).toContain('202301');
    expect(error?.message).toContain('apiVersion');
    expect(error?.message).toContain('LINKEDIN_API_VERSION');
  });

  it('leaves every other answer to the platform error mapping', () => {
    expect(
      linkedInVersionError(failure(403, { status: 403, code: 'ACCESS_DENIED' }), '202606'),
    ).toBeUndefined();
  });
});

describe('contentFieldOf', () => {
  it.each([
    ['/commentary', 'text'],
    ['/visibility', 'options.visibility'],
    ['/content/media/id', 'media'],
    ['/content/media/altText', 'media.0.altText'],
    ['/content/media/title', 'options.videoTitle'],
    ['/content/multiImage/images', 'media'],
    ['/content/multiImage/images/3/altText', 'media.3.altText'],
    ['/content/multiImage/images/2/id', 'media.2'],
    ['/content/article/source', 'options.article'],
    ['/distribution/feedDistribution', 'distribution.feedDistribution'],
  ])('%s → %s', (path, field) => {
    expect(contentFieldOf(path)).toBe(field);
  });
});

describe('mapLinkedInOAuthError', () => {
  it('a refused grant → NeedsReconnectError', () => {
    const error = mapLinkedInOAuthError(
      failure(400, {
        error: 'invalid_request',
        error_description: 'The provided authorization grant or refresh token is invalid, expired or revoked',
      }),
      NOW,
    );
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
    expect(error.platformCode).toBe('invalid_request');
  });

  it('an outage at the token endpoint stays retryable', () => {
    expect(TransientError.isInstance(mapLinkedInOAuthError(failure(503, 'down'), NOW))).toBe(true);
  });
});

describe('linkedInErrorInfo', () => {
  it('reads plain-text bodies', () => {
    expect(linkedInErrorInfo('upstream exploded')).toEqual({
      message: 'upstream exploded',
      code: undefined,
      fieldPath: undefined,
    });
  });
});

describe('msUntilUtcMidnight', () => {
  it('counts to the next UTC midnight, across month and year ends', () => {
    expect(msUntilUtcMidnight(Date.parse('2026-12-31T23:59:00Z'))).toBe(60_000);
    expect(msUntilUtcMidnight(Date.parse('2026-02-28T12:00:00Z'))).toBe(12 * 3600_000);
  });

  it('at midnight exactly, waits a full day', () => {
    expect(msUntilUtcMidnight(Date.parse('2026-06-01T00:00:00Z'))).toBe(24 * 3600_000);
  });
});
