import type { RelayPost } from '@relaypost/sdk';
import { describe, expect, it } from 'vitest';
import type { AdminRelayPost } from '../src/sdk.js';

/**
 * The admin app is typed against `AdminRelayPost`, the subset of the SDK it uses, so its tests
 * can pass an in-memory double. This assignment fails `npm run typecheck` the day the real SDK
 * stops satisfying that subset.
 */
export const sdkSatisfiesAdminShape = (relaypost: RelayPost): AdminRelayPost => relaypost;

describe('SDK shape', () => {
  it('the real SDK object is accepted where the admin app takes one (checked by tsc)', () => {
    expect(typeof sdkSatisfiesAdminShape).toBe('function');
  });
});
