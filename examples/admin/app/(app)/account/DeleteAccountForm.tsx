'use client';
import { Alert, Stack } from '@mantine/core';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '@/src/ui/auth-client';
import { authErrorToFields } from '@/src/ui/auth-errors';
import { SecretInput } from '@/src/ui/SecretInput';
import { SubmitButton } from '@/src/ui/SubmitButton';

export function DeleteAccountForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  return (
    <form
      method="post"
      onSubmit={async (event) => {
        event.preventDefault();
        const password = String(new FormData(event.currentTarget).get('password') ?? '');
        if (!password) return setErrors({ password: 'Enter your password to confirm.' });
        setBusy(true);
        const { error } = await authClient.deleteUser({ password });
        setBusy(false);
        if (error) return setErrors(authErrorToFields(error));
        router.push('/sign-in?deleted=1');
        router.refresh();
      }}
    >
      <Stack gap="xs">
        {errors.form && <Alert color="red">{errors.form}</Alert>}
        <SecretInput
          label="Your password"
          name="password"
          autoComplete="current-password"
          error={errors.password}
        />
        <div>
          <SubmitButton color="red" loading={busy}>
            Delete my account forever
          </SubmitButton>
        </div>
      </Stack>
    </form>
  );
}
