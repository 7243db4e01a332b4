import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Loaded by path (`failureConverterPath`) into workers and the workflow sandbox: failure messages
 * and stack traces go through the payload codec, so they are encrypted in history like payloads.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
