import type { IncomingMessage, ServerResponse } from 'node:http';

/** What became of a request body: read whole, too large, or cut off by the client. */
export type RequestBody =
  | { kind: 'read'; bytes: Buffer }
  | { kind: 'too_large'; limit: number }
  | { kind: 'aborted' };

/** How much more than the limit is read and dropped before the connection is given up. */
const DRAIN_FACTOR = 4;

/**
 * Reads a request body of at most `limit` bytes. A larger body is still read to its end (and
 * dropped) up to four times the limit, so the client hears the 413 after it finished sending
 * instead of a reset mid-upload; past that the body is abandoned and the connection is marked to
 * close after the answer. Never destroys the request: a refusal always reaches the client.
 *
 * @example
 * ```ts
 * const body = await readRequestBody(request, 1024 * 1024);
 * if (body.kind === 'too_large') return sendStatus(response, 413);
 * if (body.kind === 'read') JSON.parse(body.bytes.toString('utf8'));
 * ```
 */
export function readRequestBody(
  request: IncomingMessage,
  limit: number,
  response?: ServerResponse,
): Promise<RequestBody> {
  const drainUpTo = Math.max(limit * DRAIN_FACTOR, 64 * 1024);
  return new Promise((resolve) => {
    if (request.readableEnded) return resolve({ kind: 'read', bytes: Buffer.alloc(0) });
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: RequestBody) => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onAborted);
      request.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
      if (size > drainUpTo) {
        // Too much to wait for: stop reading and close once answered.
        request.pause();
        response?.setHeader('connection', 'close');
        settle({ kind: 'too_large', limit });
      }
    };
    const onEnd = () =>
      settle(size > limit ? { kind: 'too_large', limit } : { kind: 'read', bytes: Buffer.concat(chunks) });
    const onAborted = () => settle({ kind: 'aborted' });
    const onClose = () => {
      if (!request.complete) onAborted();
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onAborted);
    request.on('close', onClose);
  });
}

/**
 * Reads and drops a body that will not be used (a refusal, a route that takes none), so the
 * answer comes after the upload and the connection stays usable. False when the body was over
 * `limit`: answer 413.
 *
 * @example
 * ```ts
 * if (!(await discardRequestBody(request, response))) return send(413, { message: 'body too large' });
 * return send(401, { message: 'unauthorized' });
 * ```
 */
export async function discardRequestBody(
  request: IncomingMessage,
  response: ServerResponse,
  limit = 64 * 1024,
): Promise<boolean> {
  return (await readRequestBody(request, limit, response)).kind !== 'too_large';
}
