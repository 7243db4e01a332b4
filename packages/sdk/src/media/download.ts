import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { ValidationError } from '@relaypost/core';

/** How `media.upload({ data: { url } })` downloads. */
export interface UrlDownloadOptions {
  /**
   * Allow URLs that resolve to loopback, private, link-local (cloud metadata) or other
   * non-public addresses. Off by default: a URL from an end user must not reach the host's own
   * network. Turn it on only when every URL comes from a source you trust (tests, an internal
   * media server).
   */
  allowPrivateAddresses?: boolean;
  /** Redirects followed, each checked like the first URL. Default 5. */
  maxRedirects?: number;
  /** Gives up when the server has not answered within this time. Default 30 s. */
  timeoutMs?: number;
}

/** Whether a resolved address may be connected to. */
export type AddressPolicy = (address: string, family: 4 | 6) => boolean;

/** Addresses that are not on the public internet (IANA special-purpose registries). */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Refuses every address that is not public; IPv4 inside IPv6 (`::ffff:10.0.0.1`) is checked as IPv4. */
export const publicAddressesOnly: AddressPolicy = (address, family) => {
  const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  if (mapped) return !NON_PUBLIC.check(mapped, 'ipv4');
  return !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

const anyAddress: AddressPolicy = () => true;

/** The policy `options` ask for. */
function addressPolicy(options: UrlDownloadOptions | undefined): AddressPolicy {
  return options?.allowPrivateAddresses ? anyAddress : publicAddressesOnly;
}

/**
 * Downloads a URL for a media upload and returns the response body. The address check runs on
 * the addresses the connection is made to (not a separate look-up, which DNS could answer
 * differently a moment later), and again after every redirect. Every refusal is a
 * `ValidationError` on `data.url`: the URL is the caller's input.
 */
export async function downloadMedia(
  url: string,
  options: UrlDownloadOptions & { policy?: AddressPolicy } = {},
): Promise<AsyncIterable<Uint8Array>> {
  const policy = options.policy ?? addressPolicy(options);
  const maxRedirects = options.maxRedirects ?? 5;
  let current = parseUrl(url);
  for (let hop = 0; ; hop++) {
    const response = await get(current, policy, options.timeoutMs ?? 30_000);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      response.resume();
      if (hop >= maxRedirects) throw invalid(`more than ${maxRedirects} redirects`, current.origin);
      current = parseUrl(new URL(location, current).href);
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw invalid(`download failed with HTTP ${status}`, current.origin);
    }
    return typedBody(response, current.origin);
  }
}

/**
 * The response body; a failure while reading it (the connection reset, or silent past the
 * timeout) becomes a `ValidationError` on `data.url` like every other failed download.
 */
async function* typedBody(body: IncomingMessage, origin: string): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of body) yield chunk as Uint8Array;
  } catch (error) {
    const reason =
      error instanceof Error && (error.message === 'aborted' || 'code' in error)
        ? 'the connection closed before the whole body arrived'
        : error instanceof Error
          ? error.message
          : String(error);
    throw invalid(`download failed while reading: ${reason}`, origin);
  }
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('is not a URL', url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid('must be an http(s) URL', parsed.protocol);
  }
  if (parsed.username || parsed.password) throw invalid('must not carry credentials', parsed.host);
  return parsed;
}

function get(url: URL, policy: AddressPolicy, timeoutMs: number): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // A literal address is never looked up, so it is checked here.
  const literal = isIP(host);
  if (literal && !policy(host, literal as 4 | 6)) return Promise.reject(refused(url, host));
  let blocked: string | undefined;
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((a) => policy(a.address, a.family as 4 | 6));
      if (allowed.length === 0) {
        blocked = addresses[0]?.address ?? hostname;
        return callback(Object.assign(new Error('address refused'), { code: 'EREFUSED' }), '', 0);
      }
      if (lookupOptions.all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      const first = allowed[0]!;
      callback(null, first.address, first.family);
    });
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let answered: IncomingMessage | undefined;
    const req = send(
      url,
      { method: 'GET', lookup, timeout: timeoutMs, headers: { accept: '*/*' } },
      (res) => {
        answered = res;
        resolve(res);
      },
    );
    // The socket's idle timeout: it also ends a body that stops arriving half-way, with this reason.
    req.on('timeout', () => {
      const error = new Error(`no answer within ${timeoutMs} ms`);
      answered?.destroy(error);
      req.destroy(error);
    });
    req.on('error', (error) => {
      if (blocked !== undefined) return reject(refused(url, blocked));
      reject(invalid(`download failed: ${error.message}`, url.origin));
    });
    req.end();
  });
}

function refused(url: URL, address: string): ValidationError {
  return invalid(
    `resolves to a non-public address (${address}); set urlDownloads.allowPrivateAddresses to allow it`,
    url.origin,
  );
}

function invalid(message: string, actual: string): ValidationError {
  return new ValidationError([{ path: 'data.url', message, actual }], 'media');
}
