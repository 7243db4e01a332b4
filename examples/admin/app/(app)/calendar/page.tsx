import { Group, Stack, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { accountLabel } from '@/src/lib/platforms';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';
import { LinkButton } from '@/src/ui/links';
import { PostFilters, readFilters } from '@/src/ui/PostFilters';
import { PostCalendar } from './PostCalendar';

export const metadata: Metadata = { title: 'Calendar' };

export default async function CalendarPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const { workspace } = await requireWorkspace();
  const accounts = await runtime().relaypost.accounts.list(workspace.id);
  const filters = { ...readFilters(query), from: '', to: '' };
  const date = typeof query.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(query.date) ? query.date : null;
  const keep = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Calendar</Title>
        <Group>
          <LinkButton href={`/posts?${keep}`} variant="default">
            List view
          </LinkButton>
          <LinkButton href="/compose">Compose</LinkButton>
        </Group>
      </Group>
      <PostFilters
        filters={filters}
        accounts={accounts.map((a) => ({ id: a.id, label: accountLabel(a) }))}
        action="/calendar"
        dates={false}
        {...(date ? { hidden: { date } } : {})}
      />
      <PostCalendar timeZone={workspace.timeZone} filters={filters} initialDate={date} />
    </Stack>
  );
}
