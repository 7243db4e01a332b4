import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { listAllPosts, OPEN_STATUSES } from '@/src/lib/platforms';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';
import { EraseWorkspaceForm } from './EraseWorkspaceForm';

export const metadata: Metadata = { title: 'Your data' };

export default async function DataPage() {
  const { workspace, membership } = await requireWorkspace();
  const owner = membership.role === 'owner';
  const pending = owner
    ? (await listAllPosts(runtime().relaypost, workspace.id, { status: OPEN_STATUSES }, 1000)).length
    : 0;
  return (
    <Stack maw={760}>
      <Title order={1}>Your data</Title>
      <Paper withBorder p="md" component="section" aria-labelledby="export-h">
        <Stack gap="sm">
          <Title order={2} size="h4" id="export-h">
            Export
          </Title>
          <Text size="sm">
            Download everything the workspace “{workspace.name}” holds (settings, accounts, posts, media
            records and history) as one JSON file. Secrets are never included; the file says only whether each
            is set.
          </Text>
          <div>
            <Button component="a" href="/data/export" download>
              Download export (JSON)
            </Button>
          </div>
        </Stack>
      </Paper>
      <Paper
        withBorder
        p="md"
        component="section"
        aria-labelledby="erase-h"
        style={{ borderColor: 'var(--mantine-color-red-4)' }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="erase-h">
            Delete this workspace
          </Title>
          {owner ? (
            <>
              <Text size="sm">
                This erases the workspace and everything in it for good: connected accounts and their tokens
                (at once), posts, media and history.{' '}
                {pending ? `${pending} post(s) not yet published will be stopped. ` : ''}Posts already
                published stay on the platforms.
              </Text>
              <EraseWorkspaceForm name={workspace.name} />
            </>
          ) : (
            <Text size="sm">Only the workspace’s owners can delete it.</Text>
          )}
          <Text size="sm">
            To delete your user account as well (and every workspace only you own), go to “Your account”.
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
