import { Container, Paper } from '@mantine/core';
import type { Metadata } from 'next';
import { requireUser } from '@/src/server/session';
import { NewWorkspaceForm } from './NewWorkspaceForm';

export const metadata: Metadata = { title: 'New workspace' };

export default async function NewWorkspacePage() {
  await requireUser();
  return (
    <Container size={460} py="xl" component="main">
      <Paper withBorder p="lg">
        <NewWorkspaceForm />
      </Paper>
    </Container>
  );
}
