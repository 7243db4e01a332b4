import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { PLATFORM_IDS, POST_STATUSES } from '@relaypost/core';
import { PLATFORM_NAMES } from '../lib/platforms';

export interface Filters {
  status: string;
  platform: string;
  accountId: string;
  from: string;
  to: string;
}

/**
 * The filters in the URL (`?status=&platform=&accountId=&from=&to=`), checked.
 *
 * @example
 * ```ts
 * readFilters({ status: 'scheduled', from: 'junk' }) // { status: 'scheduled', from: '', ... }
 * ```
 */
export function readFilters(query: Record<string, string | string[] | undefined>): Filters {
  const one = (key: string) => {
    const value = query[key];
    return typeof value === 'string' ? value : '';
  };
  const date = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '');
  return {
    status: (POST_STATUSES as readonly string[]).includes(one('status')) ? one('status') : '',
    platform: (PLATFORM_IDS as readonly string[]).includes(one('platform')) ? one('platform') : '',
    accountId: /^[0-9a-f-]{36}$/i.test(one('accountId')) ? one('accountId') : '',
    from: date(one('from')),
    to: date(one('to')),
  };
}

/** A GET form: works without JavaScript, and the URL can be shared. */
export function PostFilters(props: {
  filters: Filters;
  accounts: Array<{ id: string; label: string }>;
  action: string;
  dates?: boolean;
  hidden?: Record<string, string>;
}) {
  const { filters } = props;
  return (
    <form method="get" action={props.action} aria-label="Filters">
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} key={name} />
      ))}
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label="Status"
          name="status"
          defaultValue={filters.status}
          data={[
            { value: '', label: 'Any' },
            ...POST_STATUSES.map((s) => ({ value: s, label: s.replaceAll('_', ' ') })),
          ]}
        />
        <NativeSelect
          label="Platform"
          name="platform"
          defaultValue={filters.platform}
          data={[
            { value: '', label: 'Any' },
            ...PLATFORM_IDS.map((p) => ({ value: p, label: PLATFORM_NAMES[p] })),
          ]}
        />
        <NativeSelect
          label="Account"
          name="accountId"
          defaultValue={filters.accountId}
          data={[
            { value: '', label: 'Any' },
            ...props.accounts.map((a) => ({ value: a.id, label: a.label })),
          ]}
        />
        {props.dates !== false && (
          <>
            <TextInput label="From" name="from" type="date" defaultValue={filters.from} />
            <TextInput label="To" name="to" type="date" defaultValue={filters.to} />
          </>
        )}
        <Button type="submit" variant="default">
          Filter
        </Button>
      </Group>
    </form>
  );
}
