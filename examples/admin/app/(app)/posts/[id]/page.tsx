import {
  Alert,
  Anchor,
  Card,
  Group,
  List,
  ListItem,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  TimelineItem,
  Title,
} from '@mantine/core';
import { FINAL_POST_STATUSES, type PostStatus } from '@relaypost/core';
import type { Metadata } from 'next';
import { actorText, cancelledTargetNote, eventDetails, eventLabel, inOrder } from '@/src/lib/history';
import { accountLabel, PLATFORM_NAMES, postTitle } from '@/src/lib/platforms';
import { formatInZone, instantToZonedLocal } from '@/src/lib/time';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';
import { ApprovalButtons } from '@/src/ui/ApprovalButtons';
import { AutoRefresh } from '@/src/ui/AutoRefresh';
import { LinkButton } from '@/src/ui/links';
import { PlatformIcon } from '@/src/ui/PlatformIcon';
import { StatusBadge } from '@/src/ui/StatusBadge';
import { PostActions } from './PostActions';

export const metadata: Metadata = { title: 'Post' };

const MOVING: readonly PostStatus[] = ['draft', 'captioning', 'publishing', 'awaiting_approval'];

export default async function PostPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string; saved?: string; note?: string }>;
}) {
  const { id } = await params;
  const query = await searchParams;
  const { workspace } = await requireWorkspace();
  const { relaypost } = runtime();
  const zone = workspace.timeZone;
  // `live` is null when the workflow cannot answer now: the stored post is shown then. The
  // history is read after the post, so it holds at least every change the status shows.
  const post = await relaypost.posts.get(workspace.id, id);
  const [history, accounts] = await Promise.all([
    relaypost.posts.history(workspace.id, id),
    relaypost.accounts.list(workspace.id),
  ]);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const status = post.live?.status ?? post.status;
  const final = FINAL_POST_STATUSES.includes(status);
  // Due within two minutes, or "as soon as possible": the status is about to move.
  const soon =
    status === 'scheduled' && (!post.publishAt || Date.parse(post.publishAt.at) - Date.now() < 120_000);
  const title = postTitle(post);
  const format = (iso: string) => formatInZone(iso, zone);
  return (
    <Stack>
      {(MOVING.includes(status) || soon) && <AutoRefresh seconds={4} />}
      <Group justify="space-between" align="flex-start" className="title-row">
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>
          {title}
        </Title>
        <StatusBadge status={status} />
      </Group>
      {query.created && (
        <Alert color="green" role="status">
          Post created.{post.caption ? ' The AI caption is being written.' : ''} {query.note}
        </Alert>
      )}
      {query.saved && (
        <Alert color="green" role="status">
          Changes saved. {query.note}
        </Alert>
      )}
      <Group>
        <LinkButton href={`/compose?from=${post.id}`} variant="default">
          Duplicate
        </LinkButton>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" component="section" aria-labelledby="facts-h">
          <Title order={2} size="h4" id="facts-h" mb="xs">
            Details
          </Title>
          <List spacing={4} size="sm" listStyleType="none" className="facts">
            <ListItem>
              <b>Publish time:</b> {post.publishAt ? format(post.publishAt.at) : 'as soon as approved'} (
              {zone})
            </ListItem>
            <ListItem>
              <b>Approval:</b>{' '}
              {post.approval.mode === 'required'
                ? `required; deadline ${post.approval.deadline ? format(post.approval.deadline) : 'the publish time'}; without a decision: ${post.approval.onDeadline === 'approve' ? 'approve automatically' : 'expire'}`
                : 'none'}
            </ListItem>
            {post.live?.approvedBy && (
              <ListItem>
                <b>Approved</b> {actorText(post.live.approvedBy)}
              </ListItem>
            )}
            {post.live?.rejectedReason && (
              <ListItem>
                <b>Rejection reason:</b> {post.live.rejectedReason}
              </ListItem>
            )}
            <ListItem>
              <b>AI caption:</b>{' '}
              {post.caption ? `requested${post.caption.brief ? `: “${post.caption.brief}”` : ''}` : 'no'}
            </ListItem>
            <ListItem>
              <b>Media:</b>{' '}
              {post.content.mediaIds.length ? `${post.content.mediaIds.length} item(s)` : 'none'}
            </ListItem>
            <ListItem>
              <b>Created:</b> {format(post.createdAt)}
            </ListItem>
          </List>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="actions-h">
          <Title order={2} size="h4" id="actions-h" mb="xs">
            Actions
          </Title>
          {final ? (
            <Text c="dimmed">This post is {status.replaceAll('_', ' ')}; it cannot change any more.</Text>
          ) : (
            <Stack>
              {status === 'awaiting_approval' && <ApprovalButtons postId={post.id} title={title} />}
              {status !== 'publishing' && (
                <PostActions
                  postId={post.id}
                  timeZone={zone}
                  publishAtLocal={post.publishAt ? instantToZonedLocal(post.publishAt.at, zone) : ''}
                  canEdit={status === 'scheduled' || status === 'awaiting_approval' || status === 'draft'}
                  canCaption={Boolean(workspace.ai?.anthropicApiKey)}
                  waitingForApproval={post.approval.mode === 'required' && !post.live?.approved}
                />
              )}
            </Stack>
          )}
        </Paper>
      </SimpleGrid>

      <section aria-labelledby="targets-h">
        <Title order={2} size="h4" id="targets-h" mb="xs">
          Per platform
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {post.targets.map((target) => {
            const account = byId.get(target.accountId);
            const targetStatus = post.live?.targets[target.id]?.status ?? target.status;
            return (
              <Card
                withBorder
                key={target.id}
                component="article"
                aria-label={`${PLATFORM_NAMES[target.platform]} target`}
              >
                <Stack gap="xs">
                  <Group justify="space-between" wrap="nowrap">
                    <Group gap="xs" wrap="nowrap">
                      <PlatformIcon platform={target.platform} size={20} />
                      <Text fw={600} size="sm">
                        {account ? accountLabel(account) : PLATFORM_NAMES[target.platform]}
                      </Text>
                    </Group>
                    <StatusBadge status={targetStatus} />
                  </Group>
                  <Text size="sm" className="preview-text">
                    {target.text ?? post.content.text}
                  </Text>
                  {target.result.url && (
                    <Anchor href={target.result.url} target="_blank" rel="noreferrer">
                      View on {PLATFORM_NAMES[target.platform]}
                    </Anchor>
                  )}
                  {target.result.publishedAt && (
                    <Text size="xs" c="dimmed">
                      Published {format(target.result.publishedAt)}
                    </Text>
                  )}
                  {targetStatus === 'cancelled' && (
                    <Text size="sm" c="dimmed">
                      {cancelledTargetNote({
                        targetId: target.id,
                        postStatus: status,
                        history,
                        accountDisconnected: account?.status === 'disconnected',
                      })}
                    </Text>
                  )}
                  {target.result.error && (
                    <Text size="sm" c="red.8">
                      {target.result.error.message}
                    </Text>
                  )}
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      </section>

      <section aria-labelledby="history-h">
        <Title order={2} size="h4" id="history-h" mb="xs">
          History ({zone})
        </Title>
        {history.length === 0 ? (
          <Text c="dimmed">Nothing recorded yet.</Text>
        ) : (
          <Timeline bulletSize={14} lineWidth={2} className="timeline" active={history.length}>
            {inOrder(history).map((event) => (
              <TimelineItem key={event.id} title={`${eventLabel(event.type)} ${actorText(event.actor)}`}>
                <Text size="xs" c="dimmed">
                  <time dateTime={event.occurredAt}>{format(event.occurredAt)}</time>
                </Text>
                {eventDetails(event, post, format) && (
                  <Text size="sm">{eventDetails(event, post, format)}</Text>
                )}
              </TimelineItem>
            ))}
          </Timeline>
        )}
      </section>
    </Stack>
  );
}
