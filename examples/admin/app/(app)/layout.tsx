import type { ReactNode } from 'react';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';
import { AppFrame } from '@/src/ui/AppFrame';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const session = await requireWorkspace();
  const waiting = await runtime()
    .relaypost.posts.list(session.workspace.id, { status: 'awaiting_approval', limit: 100 })
    .then((page) => page.items.length)
    .catch(() => 0);
  return (
    <AppFrame
      user={session.user}
      workspaces={session.workspaces}
      workspaceId={session.workspace.id}
      timeZone={session.workspace.timeZone}
      approvalsWaiting={waiting}
    >
      {children}
    </AppFrame>
  );
}
