import {
  Alert,
  Group,
  Paper,
  Stack,
  Table,
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
import { listDrafts } from '@/src/db/drafts';
import { accountLabel, postTitle } from '@/src/lib/platforms';
import { formatInZone } from '@/src/lib/time';
import { runtime } from '@/src/runtime';
import { sdkFilter } from '@/src/server/post-filter';
import { requireWorkspace } from '@/src/server/session';
import { LinkAnchor, LinkButton } from '@/src/ui/links';
import { PlatformIcon } from '@/src/ui/PlatformIcon';
import { PostFilters, readFilters } from '@/src/ui/PostFilters';
import { StatusBadge } from '@/src/ui/StatusBadge';

export const metadata: Metadata = { title: 'Posts' };

export default async function PostsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const { workspace } = await requireWorkspace();
  const { relaypost, db } = runtime();
  const zone = workspace.timeZone;
  const filters = readFilters(query);
  const cursor = typeof query.cursor === 'string' ? query.cursor : undefined;
  const [page, accounts, drafts] = await Promise.all([
    relaypost.posts.list(workspace.id, {
      ...sdkFilter(filters, zone),
      limit: 25,
      ...(cursor ? { cursor } : {}),
    }),
    relaypost.accounts.list(workspace.id),
    listDrafts(db, workspace.id),
  ]);
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const next = new URLSearchParams(params);
  if (page.nextCursor) next.set('cursor', page.nextCursor);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Posts</Title>
        <Group>
          <LinkButton href={`/calendar?${params}`} variant="default">
            Calendar view
          </LinkButton>
          <LinkButton href="/compose">Compose</LinkButton>
        </Group>
      </Group>
      {typeof query.erased === 'string' && (
        <Alert color="green" role="status">
          The workspace was deleted
          {Number(query.erased) > 0 ? `, and ${query.erased} post(s) not yet published were stopped` : ''}.
        </Alert>
      )}
      {drafts.length > 0 && (
        <Paper withBorder p="md" component="section" aria-labelledby="drafts-h">
          <Title order={2} size="h4" id="drafts-h" mb="xs">
            Drafts
          </Title>
          <Stack gap={4}>
            {drafts.map((d) => (
              <LinkAnchor href={`/compose?draft=${d.id}`} key={d.id}>
                {postTitle({ id: d.id, content: { text: d.state.text || d.state.brief }, targets: [] })}{' '}
                <Text span size="xs" c="dimmed">
                  saved {formatInZone(d.updatedAt, zone)}
                </Text>
              </LinkAnchor>
            ))}
          </Stack>
        </Paper>
      )}
      <PostFilters
        filters={filters}
        accounts={accounts.map((a) => ({ id: a.id, label: accountLabel(a) }))}
        action="/posts"
      />
      {page.items.length === 0 ? (
        <Text c="dimmed">
          No posts match. <LinkAnchor href="/compose">Compose one</LinkAnchor>.
        </Text>
      ) : (
        <TableScrollContainer minWidth={600}>
          <Table striped highlightOnHover>
            <TableThead>
              <TableTr>
                <TableTh>Post</TableTh>
                <TableTh>Status</TableTh>
                <TableTh>Publish time ({zone})</TableTh>
                <TableTh>Targets</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {page.items.map((post) => (
                <TableTr key={post.id}>
                  <TableTd>
                    <LinkAnchor href={`/posts/${post.id}`}>{postTitle(post)}</LinkAnchor>
                  </TableTd>
                  <TableTd>
                    <StatusBadge status={post.status} />
                  </TableTd>
                  <TableTd>
                    {post.publishAt ? formatInZone(post.publishAt.at, zone) : 'as soon as approved'}
                  </TableTd>
                  <TableTd>
                    <Group gap={6}>
                      {post.targets.map((t) => (
                        <Group gap={2} key={t.id} wrap="nowrap">
                          <PlatformIcon platform={t.platform} />
                          <StatusBadge status={t.status} />
                        </Group>
                      ))}
                    </Group>
                  </TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </TableScrollContainer>
      )}
      <Group>
        {cursor && <LinkAnchor href={`/posts?${params}`}>First page</LinkAnchor>}
        {page.nextCursor && <LinkAnchor href={`/posts?${next}`}>Next page</LinkAnchor>}
      </Group>
    </Stack>
  );
}
