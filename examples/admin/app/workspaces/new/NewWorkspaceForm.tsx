'use client';
import { Anchor, Stack, Title } from '@mantine/core';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { SubmitButton } from '@/src/ui/SubmitButton';
import { WorkspaceFields } from '@/src/ui/WorkspaceFields';
import { createWorkspace } from '../actions';

export function NewWorkspaceForm() {
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
        const result = await createWorkspace({
          name: String(form.get('workspaceName') ?? ''),
          timeZone: String(form.get('timeZone') ?? ''),
        });
        setBusy(false);
        if ('errors' in result) return setErrors(result.errors);
        router.push('/settings');
        router.refresh();
      }}
    >
      <Stack>
        <Title order={1} size="h3">
          New workspace
        </Title>
        <WorkspaceFields errors={errors} />
        <SubmitButton loading={busy}>Create workspace</SubmitButton>
        <Anchor component={Link} href="/posts" size="sm">
          Back
        </Anchor>
      </Stack>
    </form>
  );
}
