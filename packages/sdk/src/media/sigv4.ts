import { createHash, createHmac } from 'node:crypto';

/** AWS Signature Version 4 for S3-compatible stores (AWS S3, MinIO, R2, ...). */
export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Scope {
  region: string;
  service: string;
}

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (slashes kept in paths). */
export function uriEncode(value: string, keepSlash = false): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, keepSlash ? '/' : '%2F');
}

function amzDate(date: Date): { long: string; short: string } {
  const long = date.toISOString().replace(/[:-]|\.\d{3}/g, '');
  return { long, short: long.slice(0, 8) };
}

function signingKey(secret: string, short: string, scope: SigV4Scope): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, short), scope.region), scope.service), 'aws4_request');
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * A pre-signed URL (query-string auth), e.g. for a platform to fetch media.
 *
 * @example
 * ```ts
 * presignUrl({ method: 'GET', url: new URL('https://bucket.s3.amazonaws.com/key'), credentials, scope, expiresInSeconds: 900 });
 * ```
 */
export function presignUrl(input: {
  method: string;
  url: URL;
  credentials: SigV4Credentials;
  scope: SigV4Scope;
  expiresInSeconds: number;
  now?: Date;
}): URL {
  const { long, short } = amzDate(input.now ?? new Date());
  const url = new URL(input.url);
  const credentialScope = `${short}/${input.scope.region}/${input.scope.service}/aws4_request`;
  url.searchParams.set('X-Amz-Algorithm', 'AWS4-HMAC-SHA256');
  url.searchParams.set('X-Amz-Credential', `${input.credentials.accessKeyId}/${credentialScope}`);
  url.searchParams.set('X-Amz-Date', long);
  url.searchParams.set('X-Amz-Expires', String(input.expiresInSeconds));
  if (input.credentials.sessionToken)
    url.searchParams.set('X-Amz-Security-Token', input.credentials.sessionToken);
  url.searchParams.set('X-Amz-SignedHeaders', 'host');
  const canonical = [
    input.method.toUpperCase(),
    uriEncode(decodeURIComponent(url.pathname), true),
    canonicalQuery(url.searchParams),
    `host:${url.host}\n`,
    'host',
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', long, credentialScope, sha256Hex(canonical)].join('\n');
  url.searchParams.set(
    'X-Amz-Signature',
    createHmac('sha256', signingKey(input.credentials.secretAccessKey, short, input.scope))
      .update(toSign)
      .digest('hex'),
  );
  return url;
}

/** Headers (`Authorization`, `x-amz-date`, `x-amz-content-sha256`) for a signed request. */
export function signRequest(input: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array | string | null;
  credentials: SigV4Credentials;
  scope: SigV4Scope;
  now?: Date;
}): Record<string, string> {
  const { long, short } = amzDate(input.now ?? new Date());
  const payloadHash = sha256Hex(input.body ?? '');
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v.trim()])),
    host: input.url.host,
    'x-amz-date': long,
    'x-amz-content-sha256': payloadHash,
  };
  if (input.credentials.sessionToken) headers['x-amz-security-token'] = input.credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const credentialScope = `${short}/${input.scope.region}/${input.scope.service}/aws4_request`;
  const canonical = [
    input.method.toUpperCase(),
    uriEncode(decodeURIComponent(input.url.pathname), true),
    canonicalQuery(input.url.searchParams),
    `${names.map((n) => `${n}:${headers[n]}`).join('\n')}\n`,
    names.join(';'),
    payloadHash,
  ].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', long, credentialScope, sha256Hex(canonical)].join('\n');
  const signature = createHmac('sha256', signingKey(input.credentials.secretAccessKey, short, input.scope))
    .update(toSign)
    .digest('hex');
  const { host: _host, ...rest } = headers;
  return {
    ...rest,
    authorization: `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${credentialScope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
