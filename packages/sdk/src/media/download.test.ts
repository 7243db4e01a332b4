import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError, type ValidationIssue } from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadMedia, publicAddressesOnly } from './download.js';

let server: Server;
let port: number;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const hops = /^\/hops\/(\d+)$/.exec(request.url ?? '');
    if (hops) {
      const left = Number(hops[1]);
      response.writeHead(302, { location: left > 0 ? `/hops/${left - 1}` : '/file' }).end();
    } else if (request.url === '/to-other-loopback') {
      response.writeHead(301, { location: `http://127.0.0.2:${port}/file` }).end();
    } else if (request.url === '/cut-off') {
      // Promises 100 bytes, sends 4, then drops the connection.
      response.writeHead(200, { 'content-length': '100' });
      response.write('part', () => response.destroy());
    } else if (request.url === '/stalls') {
      response.writeHead(200, { 'content-length': '100' });
      response.write('part'); // and nothing more
    } else if (request.url === '/file') {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end('file-bytes');
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function text(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function refusal(run: () => Promise<unknown>): Promise<ValidationIssue> {
  const error = await run().then(
    () => {
      throw new Error('expected the download to be refused');
    },
    (e: unknown) => e,
  );
  expect(ValidationError.isInstance(error), `not a ValidationError: ${String(error)}`).toBe(true);
  const [issue] = (error as ValidationError).issues;
  expect(issue?.path).toBe('data.url');
  return issue!;
}

describe('media downloads from URLs', () => {
  it('counts only public addresses as public', () => {
    const cases: Array<[string, 4 | 6, boolean]> = [
      ['8.8.8.8', 4, true],
      ['172.32.0.1', 4, true],
      ['127.0.0.1', 4, false],
      ['10.20.30.40', 4, false],
      ['172.16.5.4', 4, false],
      ['192.168.1.1', 4, false],
      ['169.254.169.254', 4, false], // cloud metadata
      ['100.64.0.1', 4, false],
      ['0.0.0.0', 4, false],
      ['224.0.0.1', 4, false],
      ['2606:4700:4700::1111', 6, true],
      ['::1', 6, false],
      ['fe80::1', 6, false],
      ['fd12:3456::1', 6, false],
      ['::ffff:127.0.0.1', 6, false],
      ['::ffff:8.8.8.8', 6, true],
    ];
    for (const [address, family, expected] of cases) {
      expect(publicAddressesOnly(address, family), address).toBe(expected);
    }
  });

  it('refuses loopback by default, as a literal address and as a name, before any request is sent', async () => {
    const before = requests.length;
    const literal = await refusal(() => downloadMedia(`http://127.0.0.1:${port}/file`));
    expect(literal.message).toMatch(/non-public address \(127\.0\.0\.1\)/);
    const named = await refusal(() => downloadMedia(`http://localhost:${port}/file`));
    expect(named.message).toMatch(/non-public address/);
    expect(requests.length).toBe(before);
  });

  it('checks every redirect like the first URL', async () => {
    // Only 127.0.0.1 counts as allowed here, so the hop to 127.0.0.2 is refused by the policy
    // (not by a failed connection: nothing would have been sent there at all).
    const onlyThisHost = (address: string) => address === '127.0.0.1';
    const hop = await refusal(() =>
      downloadMedia(`http://127.0.0.1:${port}/to-other-loopback`, { policy: onlyThisHost }),
    );
    expect(hop.message).toMatch(/non-public address \(127\.0\.0\.2\)/);
  });

  it('downloads through redirects when private addresses are allowed, up to the redirect limit', async () => {
    const body = await downloadMedia(`http://127.0.0.1:${port}/hops/2`, { allowPrivateAddresses: true });
    expect(await text(body)).toBe('file-bytes');
    const tooMany = await refusal(() =>
      downloadMedia(`http://127.0.0.1:${port}/hops/3`, { allowPrivateAddresses: true, maxRedirects: 3 }),
    );
    expect(tooMany.message).toMatch(/more than 3 redirects/);
    const missing = await refusal(() =>
      downloadMedia(`http://127.0.0.1:${port}/nothing`, { allowPrivateAddresses: true }),
    );
    expect(missing.message).toMatch(/HTTP 404/);
  });

  it('types a body that breaks off or stops arriving as a failed download', async () => {
    const options = { allowPrivateAddresses: true, timeoutMs: 300 };
    const cutOff = await refusal(async () =>
      text(await downloadMedia(`http://127.0.0.1:${port}/cut-off`, options)),
    );
    expect(cutOff.message).toMatch(/while reading: the connection closed before the whole body arrived/);
    const stalled = await refusal(async () =>
      text(await downloadMedia(`http://127.0.0.1:${port}/stalls`, options)),
    );
    expect(stalled.message).toMatch(/while reading: no answer within 300 ms/);
  });

  it('refuses what is not a plain http(s) URL', async () => {
    expect((await refusal(() => downloadMedia('not a url'))).message).toMatch(/not a URL/);
    expect((await refusal(() => downloadMedia('file:///etc/passwd'))).message).toMatch(/http\(s\)/);
    expect((await refusal(() => downloadMedia('https://user:pw@example.com/a.png'))).message).toMatch(
      /credentials/,
    );
  });
});
