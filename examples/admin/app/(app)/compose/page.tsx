import { randomUUID } from 'node:crypto';
import { Alert, Stack, Title } from '@mantine/core';
import { FINAL_POST_STATUSES, NotFoundError } from '@relaypost/core';
import type { Metadata } from 'next';
import { getDraft } from '@/src/db/drafts';
import { type ComposeState, emptyComposeState, stateFromPost } from '@/src/lib/compose';
import { mediaView } from '@/src/lib/media-view';
import { optionFieldsFor } from '@/src/lib/option-fields';
import { accountLabel } from '@/src/lib/platforms';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';
import { LinkAnchor } from '@/src/ui/links';
import { Composer } from './Composer';

export const metadata: Metadata = { title: 'Compose' };

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export default async function ComposePage({
  searchParams,
}: {
  searchParams: Promise<{ edit?: string; from?: string; draft?: string; at?: string; accountId?: string }>;
}) {
  const query = await searchParams;
  const { workspace } = await requireWorkspace();
  const { relaypost, db } = runtime();
  const platforms = new Map(relaypost.platforms().map((p) => [p.platform, p]));
  const accounts = (await relaypost.accounts.list(workspace.id)).filter(
    (a) => a.status !== 'disconnected' && platforms.has(a.platform),
  );
  if (!accounts.length)
    return (
      <Stack>
        <Title order={1}>Compose a post</Title>
        <Alert>
          Connect an account first: <LinkAnchor href="/accounts">Accounts</LinkAnchor>.
        </Alert>
      </Stack>
    );

  let state: ComposeState = emptyComposeState(randomUUID(), {
    ...(query.at && LOCAL.test(query.at) ? { publishAtLocal: query.at } : {}),
    ...(query.accountId ? { accountIds: [query.accountId] } : {}),
  });
  let problem: string | null = null;
  const source = query.edit ?? query.from;
  if (source) {
    try {
      const post = await relaypost.posts.get(workspace.id, source);
      if (query.edit && FINAL_POST_STATUSES.includes(post.live?.status ?? post.status))
        problem = `This post is ${(post.live?.status ?? post.status).replaceAll('_', ' ')}; it cannot be edited any more. Duplicate it instead.`;
      else if (query.edit) state = stateFromPost(post, workspace.timeZone, 'edit', randomUUID());
      else {
        const copy = stateFromPost(post, workspace.timeZone, 'duplicate', randomUUID());
        // A copy goes only to the accounts that can still take it.
        const usable = new Set(accounts.map((a) => a.id));
        state = { ...copy, accountIds: copy.accountIds.filter((id) => usable.has(id)) };
      }
    } catch (error) {
      if (!NotFoundError.isInstance(error)) throw error;
      problem = 'That post does not exist (any more) in this workspace.';
    }
  } else if (query.draft) {
    const draft = await getDraft(db, workspace.id, query.draft);
    if (draft) state = { ...draft.state, draftId: draft.id, idempotencyKey: randomUUID() };
    else problem = 'That draft does not exist (any more).';
  }
  const library = (await relaypost.media.list(workspace.id, { limit: 60 })).items.map(mediaView);
  const title = state.postId ? 'Edit post' : query.from ? 'Duplicate post' : 'Compose a post';
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      {problem && (
        <Alert color="orange" role="alert">
          {problem}
        </Alert>
      )}
      <Composer
        initial={state}
        timeZone={workspace.timeZone}
        aiKeySet={Boolean(workspace.ai?.anthropicApiKey)}
        telegramApprovers={Boolean(workspace.telegram?.approverChatIds.length)}
        library={library}
        accounts={accounts.map((a) => {
          const info = platforms.get(a.platform)!;
          return {
            id: a.id,
            platform: a.platform,
            label: accountLabel(a),
            handle: a.handle.replace(/^@+/, ''),
            displayName: a.displayName ?? a.handle.replace(/^@+/, ''),
            needsReconnect: a.status === 'needs_reconnect',
            fields: optionFieldsFor(a.platform, info.capabilities),
            altText: info.capabilities.altText?.maxLength ?? null,
          };
        })}
      />
    </Stack>
  );
}
