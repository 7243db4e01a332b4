import {
  Group,
  Paper,
  SimpleGrid,
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
  TextInput,
  Title,
} from '@mantine/core';
import { DateTime } from 'luxon';
import type { Metadata } from 'next';
import { formatDuration, outcomesPerDay } from '@/src/lib/analytics';
import { listAllPosts, PLATFORM_NAMES } from '@/src/lib/platforms';
import { daysBetween, startOfZonedDay, zonedDate } from '@/src/lib/time';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';
import { SubmitButton } from '@/src/ui/SubmitButton';
import { OutcomeChart, SuccessChart } from './Charts';

export const metadata: Metadata = { title: 'Analytics' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export default async function AnalyticsPage({
  searchParams,
}: {
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const query = await searchParams;
  const { workspace } = await requireWorkspace();
  const { relaypost } = runtime();
  const zone = workspace.timeZone;
  let to = query.to && DATE.test(query.to) ? query.to : zonedDate(Date.now(), zone);
  let from =
    query.from && DATE.test(query.from) ? query.from : DateTime.fromISO(to).minus({ days: 29 }).toISODate()!;
  if (from > to) [from, to] = [to, from];
  if (daysBetween(from, to).length > 366) from = DateTime.fromISO(to).minus({ days: 365 }).toISODate()!;
  // The period's edges are midnights in the workspace's zone.
  const range = {
    from: startOfZonedDay(from, zone),
    to: startOfZonedDay(DateTime.fromISO(to).plus({ days: 1 }).toISODate()!, zone),
  };
  const [summary, posts] = await Promise.all([
    relaypost.analytics.summary(workspace.id, range),
    listAllPosts(relaypost, workspace.id, range, 5000),
  ]);
  const days = outcomesPerDay(posts, zone, daysBetween(from, to));
  const totals = summary.byPlatform.reduce(
    (a, p) => ({
      published: a.published + p.published,
      failed: a.failed + p.failed,
      uncertain: a.uncertain + p.uncertain,
    }),
    { published: 0, failed: 0, uncertain: 0 },
  );
  const finished = totals.published + totals.failed + totals.uncertain;
  return (
    <Stack>
      <Title order={1}>Analytics</Title>
      <form method="get" action="/analytics" aria-label="Period">
        <Group align="flex-end">
          <TextInput label="From" name="from" type="date" defaultValue={from} />
          <TextInput label="To" name="to" type="date" defaultValue={to} />
          <SubmitButton variant="default">Show</SubmitButton>
        </Group>
      </form>
      <Text size="sm" c="dimmed">
        Days in {zone}. Outcomes of publishing now; engagement numbers appear here when RelayPost's metrics
        land.
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {[
          ['posts', summary.posts],
          ['targets published', totals.published],
          ['failed', totals.failed],
          ['success rate', finished ? `${Math.round((totals.published / finished) * 100)}%` : '—'],
        ].map(([label, value]) => (
          <Paper withBorder p="sm" key={label}>
            <Text size="xl" fw={700}>
              {value}
            </Text>
            <Text size="sm" c="dimmed">
              {label}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {summary.byPlatform.length === 0 ? (
        <Text c="dimmed">Nothing was published or failed in this period.</Text>
      ) : (
        <>
          <Paper withBorder p="md" component="section" aria-labelledby="daily-h">
            <Title order={2} size="h4" id="daily-h" mb="sm">
              Published and failed per day
            </Title>
            <OutcomeChart days={days} />
          </Paper>
          <Paper withBorder p="md" component="section" aria-labelledby="rate-h">
            <Title order={2} size="h4" id="rate-h" mb="sm">
              Success rate per platform
            </Title>
            <SuccessChart
              rows={summary.byPlatform.map((p) => ({
                platform: PLATFORM_NAMES[p.platform],
                rate: p.successRate === null ? 0 : Math.round(p.successRate * 100),
              }))}
            />
          </Paper>
          <TableScrollContainer minWidth={560}>
            <Table striped>
              <TableCaption>
                Per platform; lateness is the time from the scheduled second to the platform's receipt.
              </TableCaption>
              <TableThead>
                <TableTr>
                  <TableTh>Platform</TableTh>
                  <TableTh>Published</TableTh>
                  <TableTh>Failed</TableTh>
                  <TableTh>Uncertain</TableTh>
                  <TableTh>Success rate</TableTh>
                  <TableTh>Lateness p50</TableTh>
                  <TableTh>p99</TableTh>
                </TableTr>
              </TableThead>
              <TableTbody>
                {summary.byPlatform.map((p) => (
                  <TableTr key={p.platform}>
                    <TableTh scope="row">{PLATFORM_NAMES[p.platform]}</TableTh>
                    <TableTd>{p.published}</TableTd>
                    <TableTd>{p.failed}</TableTd>
                    <TableTd>{p.uncertain}</TableTd>
                    <TableTd>{p.successRate === null ? '—' : `${(p.successRate * 100).toFixed(1)}%`}</TableTd>
                    <TableTd>{formatDuration(p.latenessMs.p50)}</TableTd>
                    <TableTd>{formatDuration(p.latenessMs.p99)}</TableTd>
                  </TableTr>
                ))}
              </TableTbody>
            </Table>
          </TableScrollContainer>
        </>
      )}
    </Stack>
  );
}
