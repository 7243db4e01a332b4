import { Alert, Stack, Title } from '@mantine/core';
import { PLATFORM_IDS } from '@relaypost/core';
import type { Metadata } from 'next';
import { formatHandle, PLATFORM_NAMES } from '@/src/lib/platforms';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';
import { AccountsView } from './AccountsView';

export const metadata: Metadata = { title: 'Accounts' };

export default async function AccountsPage({
  searchParams,
}: {
  searchParams: Promise<{ connected?: string; error?: string; disconnected?: string; affected?: string }>;
}) {
  const { workspace } = await requireWorkspace();
  const { relaypost } = runtime();
  const query = await searchParams;
  const accounts = await relaypost.accounts.list(workspace.id);
  const platforms = relaypost.platforms();
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const connected = (query.connected ?? '')
    .split(',')
    .map((id) => byId.get(id))
    .filter((a) => a !== undefined);
  const gone = query.disconnected ? byId.get(query.disconnected) : undefined;
  return (
    <Stack>
      <Title order={1}>Connected accounts</Title>
      {connected.length > 0 && (
        <Alert color="green" role="status">
          Connected {connected.map((a) => formatHandle(a.handle)).join(', ')}.
        </Alert>
      )}
      {gone && (
        <Alert color="green" role="status">
          Disconnected {formatHandle(gone.handle)}.
          {Number(query.affected) > 0 ? ` ${query.affected} scheduled post(s) no longer publish to it.` : ''}
        </Alert>
      )}
      {query.error && (
        <Alert color="red" role="alert">
          {query.error}
        </Alert>
      )}
      <AccountsView
        timeZone={workspace.timeZone}
        accounts={accounts.map((a) => ({
          id: a.id,
          platform: a.platform,
          handle: a.handle,
          displayName: a.displayName,
          status: a.status,
          expiresAt: a.expiresAt,
        }))}
        platforms={platforms.map((p) => ({ platform: p.platform, displayName: p.displayName, auth: p.auth }))}
        notConfigured={PLATFORM_IDS.filter((id) => !platforms.some((p) => p.platform === id)).map(
          (id) => PLATFORM_NAMES[id],
        )}
      />
    </Stack>
  );
}
