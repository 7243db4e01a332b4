import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from './harness.js';
import { loadHistories } from './histories.js';

describe('replay of recorded histories', () => {
  it('replays every committed history with the current workflow code (determinism)', async () => {
    const histories = await loadHistories();
    expect(histories.filter((h) => h.name.startsWith('v1-')).length).toBeGreaterThanOrEqual(10);
    expect(histories.filter((h) => h.name.startsWith('v2-')).length).toBeGreaterThanOrEqual(10);
    expect(histories.filter((h) => h.name.startsWith('v3-')).length).toBeGreaterThanOrEqual(10);
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
