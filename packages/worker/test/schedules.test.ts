import { createLocalDevEnv } from '@relaypost/devkit/temporal-testing';
import { LIFECYCLE_TASK_QUEUE } from '@relaypost/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerConfigSchema } from '../src/config.js';
import { ensureSchedules, RECONCILE_GRACE_MINUTES } from '../src/schedules.js';

describe('maintenance schedules', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createLocalDevEnv();
  }, 120_000);
  afterAll(() => env?.teardown());

  const intervalOf = async (scheduleId: string) => {
    const schedule = await env.client.schedule.getHandle(scheduleId).describe();
    return { every: schedule.spec.intervals?.[0]?.every, action: schedule.action };
  };

  it('keeps the reconciliation every RECONCILE_MINUTES beside the refresh and the purge', async () => {
    await ensureSchedules(env.client, {
      refreshWithinMinutes: 120,
      retentionDays: 365,
      reconcileMinutes: 10,
    });
    const reconcile = await intervalOf('relaypost-reconcile');
    expect(reconcile.every).toBe(10 * 60_000);
    expect(reconcile.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'reconcileWedgedPosts',
      taskQueue: LIFECYCLE_TASK_QUEUE,
      args: [{ graceMinutes: RECONCILE_GRACE_MINUTES }],
    });
    expect((await intervalOf('relaypost-refresh-credentials')).every).toBe(15 * 60_000);
    expect((await intervalOf('relaypost-retention-purge')).every).toBe(86_400_000);

    // A changed setting updates the schedule that exists.
    await ensureSchedules(env.client, { refreshWithinMinutes: 120, retentionDays: 365, reconcileMinutes: 3 });
    expect((await intervalOf('relaypost-reconcile')).every).toBe(3 * 60_000);
  });

  it('reads RECONCILE_MINUTES from the environment, 10 by default', () => {
    const base = {
      DATABASE_URL: 'postgres://localhost/relaypost',
      RELAYPOST_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      RELAYPOST_SIGNING_SECRET: 's'.repeat(32),
    };
    expect(workerConfigSchema.parse(base).RECONCILE_MINUTES).toBe(10);
    expect(workerConfigSchema.parse({ ...base, RECONCILE_MINUTES: '30' }).RECONCILE_MINUTES).toBe(30);
    expect(workerConfigSchema.safeParse({ ...base, RECONCILE_MINUTES: '0' }).success).toBe(false);
  });
});
