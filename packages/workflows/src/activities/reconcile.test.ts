import { POST_STATUSES } from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import { repairFor } from './reconcile.js';

describe('repairFor', () => {
  it('restarts a post that sent nothing yet when its workflow is gone or stopped, never a completed one', () => {
    for (const status of ['draft', 'captioning', 'awaiting_approval', 'scheduled'] as const) {
      for (const workflow of ['missing', 'FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED']) {
        expect(repairFor(status, workflow), `${status} / ${workflow}`).toBe('restart');
      }
      expect(repairFor(status, 'COMPLETED')).toBe('fail');
    }
  });

  it('fails a publishing post whatever ended its workflow', () => {
    for (const workflow of ['missing', 'COMPLETED', 'FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED']) {
      expect(repairFor('publishing', workflow)).toBe('fail');
    }
  });

  it('leaves running workflows and final posts alone', () => {
    for (const status of POST_STATUSES) {
      for (const workflow of ['RUNNING', 'CONTINUED_AS_NEW', 'PAUSED', 'UNSPECIFIED', 'UNKNOWN']) {
        expect(repairFor(status, workflow)).toBe('leave');
      }
    }
    for (const status of ['published', 'partially_published', 'failed', 'rejected', 'cancelled'] as const) {
      expect(repairFor(status, 'TERMINATED')).toBe('leave');
    }
  });
});
