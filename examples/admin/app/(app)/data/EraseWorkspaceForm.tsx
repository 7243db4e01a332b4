'use client';
import { Stack, TextInput } from '@mantine/core';
import { useState, useTransition } from 'react';
import { SubmitButton } from '@/src/ui/SubmitButton';
import { eraseWorkspace } from './actions';

export function EraseWorkspaceForm({ name }: { name: string }) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [pending, start] = useTransition();
  return (
    <form
      method="post"
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => {
          const result = await eraseWorkspace(typed);
          if (result?.errors) setError(result.errors.confirm);
        });
      }}
    >
      <Stack gap="xs">
        <TextInput
          label={`Type the workspace name, “${name}”, to confirm`}
          description="Export first if you may need the data."
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          autoComplete="off"
          error={error}
        />
        <div>
          <SubmitButton color="red" loading={pending} disabled={typed.trim() !== name.trim()}>
            Delete workspace forever
          </SubmitButton>
        </div>
      </Stack>
    </form>
  );
}
