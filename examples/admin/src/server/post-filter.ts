import type { ListPostsFilter, PlatformId, PostStatus } from '@relaypost/core';
import { DateTime } from 'luxon';
import { startOfZonedDay } from '../lib/time';
import type { Filters } from '../ui/PostFilters';

/**
 * The URL's filters as the SDK's listing filter, days taken in the workspace's zone.
 *
 * @example
 * ```ts
 * sdkFilter({ status: '', platform: 'x', accountId: '', from: '2026-07-01', to: '2026-07-01' }, 'Europe/Berlin')
 * // { platform: 'x', from: '2026-06-30T22:00:00.000Z', to: '2026-07-01T22:00:00.000Z' }
 * ```
 */
export function sdkFilter(filters: Filters, zone: string): ListPostsFilter {
  return {
    ...(filters.status ? { status: filters.status as PostStatus } : {}),
    ...(filters.platform ? { platform: filters.platform as PlatformId } : {}),
    ...(filters.accountId ? { accountId: filters.accountId } : {}),
    ...(filters.from ? { from: startOfZonedDay(filters.from, zone) } : {}),
    ...(filters.to
      ? { to: startOfZonedDay(DateTime.fromISO(filters.to).plus({ days: 1 }).toISODate()!, zone) }
      : {}),
  };
}
