import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from './harness.js';
import { loadHistories } from './histories.js';

describe('replay of recorded histories', () => {
  it('replays every committed history with the current workflow code (determinism)', async () => {
    const histories = await loadHistories();
    // One generation until the first release: every change to the workflow re-records these
    // (RECORD_HISTORIES=1); after it, a change that breaks them must be patched instead.
    expect(histories.length).toBeGreaterThanOrEqual(10);
    const results = Worker.runReplayHistories(
      { workflowsPath, replayName: 'relaypost-replay' },
      histories.map(({ name, history }) => ({ workflowId: name, history })),
    );
    const failures: string[] = [];
    for await (const result of results) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
