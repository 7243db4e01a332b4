/** better-auth's error, as its client returns it. */
export interface AuthClientError {
  code?: string | undefined;
  message?: string | undefined;
  status: number;
}

/**
 * better-auth's sign-in and sign-up errors in words, placed on a field where one is to blame.
 *
 * @example
 * ```ts
 * authErrorToFields({ status: 429, code: 'TOO_MANY_REQUESTS' }, 30) // { form: 'Too many attempts. Wait 30 seconds and try again.' }
 * ```
 */
export function authErrorToFields(
  error: AuthClientError,
  retryAfterSeconds?: number,
): Record<string, string> {
  if (error.status === 429)
    return {
      form: `Too many attempts. Wait ${retryAfterSeconds ?? 60} seconds and try again.`,
    };
  switch (error.code) {
    case 'INVALID_EMAIL_OR_PASSWORD':
      return { form: 'The email or password is not right.' };
    case 'INVALID_EMAIL':
      return { email: 'Enter an email address such as ada@example.com.' };
    case 'USER_ALREADY_EXISTS':
    case 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL':
      return { email: 'An account with this email exists. Sign in instead.' };
    case 'PASSWORD_TOO_SHORT':
      return { password: 'Use at least 10 characters.' };
    case 'PASSWORD_TOO_LONG':
      return { password: 'Use 128 characters at most.' };
    case 'INVALID_PASSWORD':
      return { password: 'The password is not right.' };
    default: {
      // Request validation names the field: `[body.email] Invalid email address`.
      const field = /^\[body\.(\w+)\]/.exec(error.message ?? '')?.[1];
      if (field === 'email') return { email: 'Enter an email address such as ada@example.com.' };
      if (field === 'password') return { password: 'Enter a password of 10 to 128 characters.' };
      if (field === 'name') return { userName: 'Enter your name.' };
      return { form: error.message?.replace(/^\[[^\]]*\]\s*/, '') || 'Something went wrong. Try again.' };
    }
  }
}
