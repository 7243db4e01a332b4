import { List, ListItem, Paper, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { workspacesOnlyOwnedBy } from '@/src/db/memberships';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';
import { DeleteAccountForm } from './DeleteAccountForm';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const { user, workspaces } = await requireWorkspace();
  const erased = new Set(await workspacesOnlyOwnedBy(runtime().db, user.id));
  return (
    <Stack maw={760}>
      <Title order={1}>Your account</Title>
      <Text>
        {user.name} · {user.email}
      </Text>
      <Paper
        withBorder
        p="md"
        component="section"
        aria-labelledby="delete-h"
        style={{ borderColor: 'var(--mantine-color-red-4)' }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="delete-h">
            Delete your account
          </Title>
          <Text size="sm">
            This deletes your user, your sessions and sign-in methods, and erases every workspace only you
            own, with its accounts, posts, media and history:
          </Text>
          <List size="sm">
            {workspaces
              .filter((w) => erased.has(w.id))
              .map((w) => (
                <ListItem key={w.id}>{w.name}</ListItem>
              ))}
          </List>
          {workspaces.some((w) => !erased.has(w.id)) && (
            <Text size="sm">Workspaces you share with another owner stay; you leave them.</Text>
          )}
          <DeleteAccountForm />
        </Stack>
      </Paper>
    </Stack>
  );
}
