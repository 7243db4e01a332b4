import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { NotFoundError } from '@relaypost/core';
import type { Metadata } from 'next';
import { accountLabel, listAllPosts, PLATFORM_NAMES, postTitle } from '@/src/lib/platforms';
import { formatInZone } from '@/src/lib/time';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';
import { ApprovalButtons } from '@/src/ui/ApprovalButtons';
import { AutoRefresh } from '@/src/ui/AutoRefresh';
import { LinkAnchor } from '@/src/ui/links';
import { PlatformIcon } from '@/src/ui/PlatformIcon';

export const metadata: Metadata = { title: 'Approvals' };

export default async function ApprovalsPage() {
  const { workspace } = await requireWorkspace();
  const { relaypost } = runtime();
  const zone = workspace.timeZone;
  const listed = await listAllPosts(relaypost, workspace.id, { status: 'awaiting_approval' }, 100);
  // The workflow decides first and the stored status follows: ask each post's workflow, so a
  // post approved a moment ago (here or on Telegram) leaves the queue at once. A post erased
  // since the listing is left out.
  const current = await Promise.all(
    listed.map((p) =>
      relaypost.posts.get(workspace.id, p.id).catch((error: unknown) => {
        if (NotFoundError.isInstance(error)) return null;
        throw error;
      }),
    ),
  );
  const waiting = current.filter(
    (p): p is NonNullable<typeof p> =>
      p !== null && (p.live?.status ?? p.status) === 'awaiting_approval' && !p.live?.approved,
  );
  const accounts = new Map((await relaypost.accounts.list(workspace.id)).map((a) => [a.id, a]));
  return (
    <Stack>
      <AutoRefresh seconds={10} />
      <Title order={1}>Approval queue</Title>
      <Text>
        Posts waiting for a decision. Approvers can also decide on Telegram; whichever comes first counts.
      </Text>
      {waiting.length === 0 ? (
        <Text c="dimmed" role="status">
          Nothing is waiting for approval.
        </Text>
      ) : (
        <Stack component="ul" p={0} style={{ listStyle: 'none' }} aria-label="Waiting for approval">
          {waiting.map((post) => (
            <Card withBorder component="li" key={post.id}>
              <Stack gap="sm">
                <Title order={2} size="h4">
                  <LinkAnchor href={`/posts/${post.id}`}>{postTitle(post)}</LinkAnchor>
                </Title>
                <Text size="sm" c="dimmed">
                  Publish: {post.publishAt ? formatInZone(post.publishAt.at, zone) : 'as soon as approved'}
                  {post.approval.deadline ? ` · decide by ${formatInZone(post.approval.deadline, zone)}` : ''}
                </Text>
                <Text size="sm" fw={600}>
                  What each platform will publish
                </Text>
                {post.targets
                  .filter((t) => t.status !== 'cancelled')
                  .map((t) => {
                    const account = accounts.get(t.accountId);
                    return (
                      <Stack gap={2} key={t.id} aria-label={`Caption for ${PLATFORM_NAMES[t.platform]}`}>
                        <Group gap={6}>
                          <PlatformIcon platform={t.platform} />
                          <Text size="sm" fw={500}>
                            {account ? accountLabel(account) : PLATFORM_NAMES[t.platform]}
                          </Text>
                        </Group>
                        <Text size="sm" className="preview-text" pl="lg">
                          {t.text ?? post.content.text}
                        </Text>
                      </Stack>
                    );
                  })}
                <ApprovalButtons postId={post.id} title={postTitle(post)} />
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
