import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  draft: 'gray',
  captioning: 'violet',
  awaiting_approval: 'yellow',
  scheduled: 'blue',
  publishing: 'cyan',
  published: 'green',
  partially_published: 'orange',
  failed: 'red',
  rejected: 'red',
  cancelled: 'gray',
  pending: 'blue',
  uncertain: 'orange',
  connected: 'green',
  needs_reconnect: 'red',
  disconnected: 'gray',
};

/** A post, target or account status as a coloured badge, in words (`awaiting approval`). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge
      color={COLORS[status] ?? 'gray'}
      variant="light"
      className="status"
      data-status={status}
      styles={{ root: { maxWidth: 'none', flexShrink: 0 }, label: { overflow: 'visible' } }}
    >
      {status.replaceAll('_', ' ')}
    </Badge>
  );
}
