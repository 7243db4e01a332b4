import { ContentRejectedError, TransientError } from '@relaypost/core';
import { z } from 'zod';
import type { GraphClient } from './client.js';

/** Bounds for container status polls: exponential backoff from `initialDelayMs`, capped. */
export const containerPollingSchema = z.object({
  initialDelayMs: z.number().int().nonnegative(),
  maxDelayMs: z.number().int().positive(),
  factor: z.number().min(1),
  timeoutMs: z.number().int().positive(),
});
export type ContainerPolling = z.infer<typeof containerPollingSchema>;

/** ⚠ Meta suggests polling about once a minute for at most five minutes; videos may need longer. */
export const DEFAULT_CONTAINER_POLLING: ContainerPolling = {
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  factor: 2,
  timeoutMs: 10 * 60 * 1000,
};

const statusSchema = z.object({
  id: z.coerce.string().nullish(),
  status_code: z.string().nullish(),
  status: z.string().nullish(),
  error_message: z.string().nullish(),
});

/** How a media container ended. */
export type ContainerOutcome = 'FINISHED' | 'PUBLISHED';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * Polls a media container until it can be published. Instagram names the state `status_code`
 * (with details in `status`); Threads names it `status` (details in `error_message`). `ERROR`
 * is a rejection of the media; `EXPIRED` and a timeout are transient (a retry makes a new container).
 *
 * @example
 * ```ts
 * await waitForContainer(graph, { token, containerId, style: 'instagram', polling: DEFAULT_CONTAINER_POLLING });
 * ```
 */
export async function waitForContainer(
  graph: GraphClient,
  input: {
    token: string;
    containerId: string;
    style: 'instagram' | 'threads';
    polling: ContainerPolling;
    signal?: AbortSignal | undefined;
  },
): Promise<ContainerOutcome> {
  const started = Date.now();
  const fields = input.style === 'instagram' ? 'status_code,status' : 'status,error_message';
  let delay = input.polling.initialDelayMs;
  for (;;) {
    const answer = statusSchema.parse(
      await graph.get(encodeURIComponent(input.containerId), {
        token: input.token,
        query: { fields },
        signal: input.signal,
      }),
    );
    const state = input.style === 'instagram' ? answer.status_code : answer.status;
    const detail = input.style === 'instagram' ? answer.status : answer.error_message;
    if (state === 'FINISHED' || state === 'PUBLISHED') return state;
    if (state === 'ERROR') {
      throw new ContentRejectedError({
        platform: graph.platform,
        field: 'media',
        responseBody: answer,
        message: `media container ${input.containerId} failed${detail ? `: ${detail}` : ''}`,
        ...(detail ? { platformMessage: detail } : {}),
      });
    }
    if (state === 'EXPIRED') {
      throw new TransientError({
        platform: graph.platform,
        message: `media container ${input.containerId} expired before it was published`,
      });
    }
    if (Date.now() - started + delay > input.polling.timeoutMs) {
      throw new TransientError({
        platform: graph.platform,
        message: `media container ${input.containerId} still ${state ?? 'processing'} after ${input.polling.timeoutMs} ms`,
      });
    }
    await sleep(delay, input.signal);
    delay = Math.min(Math.max(1, delay) * input.polling.factor, input.polling.maxDelayMs);
  }
}
