import { describe, expect, it } from 'vitest';
import { authErrorToFields } from '../src/ui/auth-errors';

describe('authErrorToFields', () => {
  it('puts better-auth’s errors next to the field, in words', () => {
    expect(
      authErrorToFields({
        status: 400,
        code: 'VALIDATION_ERROR',
        message: '[body.email] Invalid email address',
      }),
    ).toEqual({
      email: 'Enter an email address such as ada@example.com.',
    });
    expect(authErrorToFields({ status: 422, code: 'USER_ALREADY_EXISTS' })).toEqual({
      email: 'An account with this email exists. Sign in instead.',
    });
    expect(authErrorToFields({ status: 401, code: 'INVALID_EMAIL_OR_PASSWORD' })).toEqual({
      form: 'The email or password is not right.',
    });
  });

  it('says how long to wait when rate limited', () => {
    expect(authErrorToFields({ status: 429, code: 'TOO_MANY_REQUESTS' }, 42)).toEqual({
      form: 'Too many attempts. Wait 42 seconds and try again.',
    });
  });

  it('never shows a request path', () => {
    expect(authErrorToFields({ status: 400, message: '[query.token] Required' })).toEqual({
      form: 'Required',
    });
  });
});
