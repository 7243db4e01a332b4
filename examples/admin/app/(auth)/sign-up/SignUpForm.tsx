'use client';
import { Alert, Anchor, Button, Divider, Stack, Text, TextInput, Title } from '@mantine/core';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { createWorkspace } from '@/app/workspaces/actions';
import { authClient } from '@/src/ui/auth-client';
import { authErrorToFields } from '@/src/ui/auth-errors';
import { SecretInput } from '@/src/ui/SecretInput';
import { SubmitButton } from '@/src/ui/SubmitButton';
import { WorkspaceFields } from '@/src/ui/WorkspaceFields';

export function SignUpForm({ google }: { google: boolean }) {
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
        const value = (name: string) => String(form.get(name) ?? '').trim();
        const local: Record<string, string> = {};
        if (!value('name')) local.userName = 'Enter your name: approvers and the history show it.';
        if (!value('workspaceName')) local.name = 'Name your workspace.';
        if (String(form.get('password') ?? '').length < 10) local.password = 'Use at least 10 characters.';
        if (Object.keys(local).length) return setErrors(local);
        setBusy(true);
        let retryAfter: number | undefined;
        const { error } = await authClient.signUp.email(
          { name: value('name'), email: value('email'), password: String(form.get('password')) },
          {
            onError: (ctx) => {
              retryAfter = Number(ctx.response.headers.get('x-retry-after')) || undefined;
            },
          },
        );
        if (error) {
          setBusy(false);
          return setErrors(authErrorToFields(error, retryAfter));
        }
        const created = await createWorkspace({ name: value('workspaceName'), timeZone: value('timeZone') });
        setBusy(false);
        if ('errors' in created) return setErrors(created.errors);
        router.push('/settings');
        router.refresh();
      }}
    >
      <Stack>
        <Title order={2} size="h3">
          Create an account
        </Title>
        <Text size="sm">You get a workspace of your own; connect accounts and schedule posts in it.</Text>
        {errors.form && (
          <Alert color="red" role="alert">
            {errors.form}
          </Alert>
        )}
        <TextInput label="Your name" name="name" autoComplete="name" required error={errors.userName} />
        <TextInput
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={errors.email}
        />
        <SecretInput
          label="Password"
          name="password"
          autoComplete="new-password"
          required
          description="At least 10 characters."
          error={errors.password}
        />
        <WorkspaceFields errors={errors} />
        <SubmitButton loading={busy}>Create account</SubmitButton>
        {google && (
          <>
            <Divider label="or" />
            <Button
              variant="default"
              onClick={() => authClient.signIn.social({ provider: 'google', callbackURL: '/workspaces/new' })}
            >
              Continue with Google
            </Button>
          </>
        )}
        <Text size="sm">
          Have an account?{' '}
          <Anchor component={Link} href="/sign-in">
            Sign in
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
