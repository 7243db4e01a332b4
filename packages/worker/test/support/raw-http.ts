import { connect } from 'node:net';

/** What came back for one raw request: the status, or how the connection ended without one. */
export interface RawResponse {
  /** The status code, or null when no status line arrived. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** The socket error, when the server reset or dropped the connection. */
  error: string | null;
}

/**
 * Sends `head` (request line and headers, CRLF-separated, without the blank line) and `body`
 * exactly as given, over a fresh TCP connection (`Connection: close`): unlike fetch, nothing
 * normalizes the path or the encoding. Resolves once the server sent a whole response, or with
 * `untilClosed` once it closed the connection, so a reset after the answer counts too.
 */
export function rawRequest(
  url: string,
  head: string,
  body: Buffer | string = '',
  options: { untilClosed?: boolean } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let error: string | null = null;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks).toString('latin1'), error));
    };
    const timer = setTimeout(() => {
      error ??= 'timeout';
      finish();
    }, 10_000);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (!options.untilClosed && complete(Buffer.concat(chunks).toString('latin1'))) finish();
    });
    socket.on('error', (caught: NodeJS.ErrnoException) => {
      error = caught.code ?? caught.message;
      finish();
    });
    socket.on('close', finish);
    socket.write(`${head}\r\nConnection: close\r\n\r\n`);
    // The body in pieces, so a server that refuses early sees the rest arrive after its answer.
    const piece = 64 * 1024;
    for (let offset = 0; offset < payload.length; offset += piece) {
      socket.write(payload.subarray(offset, offset + piece));
    }
  });
}

function complete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
  if (length !== null) return text.length - end - 4 >= Number(length[1]);
  return /\r\ntransfer-encoding: *chunked/i.test(text.slice(0, end)) && text.endsWith('0\r\n\r\n');
}

function parse(text: string, error: string | null): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (!match || end < 0) return { status: null, headers: {}, body: '', error: error ?? 'no response' };
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const raw = text.slice(end + 4);
  const body = /chunked/i.test(headers['transfer-encoding'] ?? '') ? unchunk(raw) : raw;
  return { status: Number(match[1]), headers, body: Buffer.from(body, 'latin1').toString('utf8'), error };
}

/** The body of a chunked response (RFC 9112 §7.1), extensions and trailers ignored. */
function unchunk(raw: string): string {
  let body = '';
  let offset = 0;
  while (offset < raw.length) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(raw.slice(offset, lineEnd).split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size === 0) break;
    body += raw.slice(lineEnd + 2, lineEnd + 2 + size);
    offset = lineEnd + 2 + size + 2;
  }
  return body;
}
