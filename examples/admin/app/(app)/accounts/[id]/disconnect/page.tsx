import {
  Alert,
  Group,
  Stack,
  Table,
  TableCaption,
  TableScrollContainer,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Text,
  Title,
} from '@mantine/core';
import type { Metadata } from 'next';
import { accountLabel, listAllPosts, OPEN_STATUSES, postTitle } from '@/src/lib/platforms';
import { formatInZone } from '@/src/lib/time';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';
import { LinkAnchor, LinkButton } from '@/src/ui/links';
import { StatusBadge } from '@/src/ui/StatusBadge';
import { DisconnectButton } from './DisconnectButton';

export const metadata: Metadata = { title: 'Disconnect account' };

export default async function DisconnectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { workspace } = await requireWorkspace();
  const { relaypost } = runtime();
  const account = await relaypost.accounts.get(workspace.id, id);
  const posts = (
    await listAllPosts(relaypost, workspace.id, { accountId: account.id, status: OPEN_STATUSES })
  ).filter((p) => p.targets.some((t) => t.accountId === account.id && t.status === 'pending'));
  const label = accountLabel(account);
  return (
    <Stack maw={900}>
      <Title order={1}>Disconnect {label}?</Title>
      <Alert color="orange" role="alert">
        Its tokens are deleted at once.{' '}
        {posts.length
          ? `${posts.length} scheduled ${posts.length === 1 ? 'post publishes' : 'posts publish'} to this account: the account is removed from ${posts.length === 1 ? 'it' : 'them'}, and a post left without any account is cancelled.`
          : 'No scheduled post publishes to this account.'}
      </Alert>
      {posts.length > 0 && (
        <TableScrollContainer minWidth={560}>
          <Table>
            <TableCaption>Posts that will change</TableCaption>
            <TableThead>
              <TableTr>
                <TableTh>Post</TableTh>
                <TableTh>Status</TableTh>
                <TableTh>Publish time ({workspace.timeZone})</TableTh>
                <TableTh>What happens</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {posts.map((post) => {
                const others = post.targets.filter(
                  (t) => t.accountId !== account.id && t.status !== 'cancelled',
                ).length;
                return (
                  <TableTr key={post.id}>
                    <TableTd>
                      <LinkAnchor href={`/posts/${post.id}`}>{postTitle(post)}</LinkAnchor>
                    </TableTd>
                    <TableTd>
                      <StatusBadge status={post.status} />
                    </TableTd>
                    <TableTd>
                      {post.publishAt
                        ? formatInZone(post.publishAt.at, workspace.timeZone)
                        : 'as soon as approved'}
                    </TableTd>
                    <TableTd>
                      {others ? (
                        `keeps publishing to ${others} other account${others === 1 ? '' : 's'}`
                      ) : (
                        <Text fw={700} size="sm">
                          cancelled (no other account)
                        </Text>
                      )}
                    </TableTd>
                  </TableTr>
                );
              })}
            </TableTbody>
          </Table>
        </TableScrollContainer>
      )}
      <Group>
        <DisconnectButton accountId={account.id} label={label} />
        <LinkButton href="/accounts" variant="default">
          Keep it
        </LinkButton>
      </Group>
    </Stack>
  );
}
