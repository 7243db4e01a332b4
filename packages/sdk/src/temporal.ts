import { parseOrThrow } from '@relaypost/core';
import { createRelayPostDataConverter } from '@relaypost/workflows';
import { Client, Connection } from '@temporalio/client';
import { type TemporalOptions, temporalOptionsSchema } from './options.js';

/** Connects a Temporal client whose payloads are encrypted with the given keys. */
export async function connectTemporal(
  input: TemporalOptions,
  keys: Array<{ id: string; key: string }>,
): Promise<{ client: Client; close(): Promise<void> }> {
  const options = parseOrThrow(temporalOptionsSchema, input, 'temporal options');
  const tls =
    options.tls === undefined
      ? options.apiKey
        ? true
        : undefined
      : typeof options.tls === 'boolean'
        ? options.tls
        : {
            ...(options.tls.serverName ? { serverNameOverride: options.tls.serverName } : {}),
            ...(options.tls.serverRootCACertificate
              ? { serverRootCACertificate: Buffer.from(options.tls.serverRootCACertificate) }
              : {}),
            ...(options.tls.clientCertificate && options.tls.clientPrivateKey
              ? {
                  clientCertPair: {
                    crt: Buffer.from(options.tls.clientCertificate),
                    key: Buffer.from(options.tls.clientPrivateKey),
                  },
                }
              : {}),
          };
  const connection = await Connection.connect({
    address: options.address,
    ...(tls !== undefined ? { tls } : {}),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  });
  const client = new Client({
    connection,
    namespace: options.namespace,
    dataConverter: createRelayPostDataConverter({ keys }),
  });
  return { client, close: () => connection.close() };
}
