'use client';
import { Alert, Anchor, Button, Divider, Stack, Text, TextInput, Title } from '@mantine/core';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '@/src/ui/auth-client';
import { authErrorToFields } from '@/src/ui/auth-errors';
import { SecretInput } from '@/src/ui/SecretInput';
import { SubmitButton } from '@/src/ui/SubmitButton';

export function SignInForm({ google, deleted }: { google: boolean; deleted: boolean }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  return (
    <form
      method="post"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setBusy(true);
        let retryAfter: number | undefined;
        const { error } = await authClient.signIn.email(
          { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
          {
            onError: (ctx) => {
              retryAfter = Number(ctx.response.headers.get('x-retry-after')) || undefined;
            },
          },
        );
        setBusy(false);
        if (error) return setErrors(authErrorToFields(error, retryAfter));
        router.push('/posts');
        router.refresh();
      }}
    >
      <Stack>
        <Title order={2} size="h3">
          Sign in
        </Title>
        {deleted && (
          <Alert color="green" title="Your account was deleted">
            Your account and the workspaces only you owned are gone.
          </Alert>
        )}
        {errors.form && (
          <Alert color="red" role="alert">
            {errors.form}
          </Alert>
        )}
        <TextInput
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          error={errors.email}
        />
        <SecretInput
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          error={errors.password}
        />
        <SubmitButton loading={busy}>Sign in</SubmitButton>
        {google && (
          <>
            <Divider label="or" />
            <Button
              variant="default"
              onClick={() => authClient.signIn.social({ provider: 'google', callbackURL: '/posts' })}
            >
              Continue with Google
            </Button>
          </>
        )}
        <Text size="sm">
          New here?{' '}
          <Anchor component={Link} href="/sign-up">
            Create an account
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
