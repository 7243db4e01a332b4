import { ServiceError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { createPostWorkflowClient } from './client.js';

/** A Temporal client whose every workflow handle answers a query with `answer`. */
function clientAnswering(answer: () => Promise<unknown>) {
  return {
    workflow: { getHandle: () => ({ query: answer }) },
  } as unknown as Parameters<typeof createPostWorkflowClient>[0];
}

describe('the post workflow client', () => {
  it('reads no live state, instead of failing, when the workflow cannot answer a query now', async () => {
    const busy = createPostWorkflowClient(
      clientAnswering(() => Promise.reject(new ServiceError('consistent query buffer is full'))),
    );
    expect(await busy.state('ws', 'post')).toBeNull();
    const broken = createPostWorkflowClient(clientAnswering(() => Promise.reject(new TypeError('a bug'))));
    await expect(broken.state('ws', 'post')).rejects.toThrow(TypeError);
  });
});
