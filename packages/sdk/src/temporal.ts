import { parseOrThrow } from '@relaypost/core';
import { createRelayPostDataConverter } from '@relaypost/workflows/client';
import { Client, Connection } from '@temporalio/client';
import { type TemporalOptions, temporalOptionsSchema } from './options.js';

/** Where the worker looks for Temporal when nothing is configured, and so does the SDK. */
export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';

/** The address and namespace to use: the options', else the worker's defaults. */
export function temporalTarget(
  options: { address?: string | undefined; namespace?: string | undefined },
  env: NodeJS.ProcessEnv,
): { address: string; namespace: string } {
  return {
    address: options.address ?? (env.TEMPORAL_ADDRESS || DEFAULT_TEMPORAL_ADDRESS),
    namespace: options.namespace ?? (env.TEMPORAL_NAMESPACE || 'default'),
  };
}

/**
 * Connects a Temporal client whose payloads are encrypted with the given keys. A missing address
 * or namespace takes the worker's defaults: `TEMPORAL_ADDRESS` / `TEMPORAL_NAMESPACE` from the
 * environment, else `localhost:7233` / `default`.
 */
export async function connectTemporal(
  input: TemporalOptions,
  keys: Array<{ id: string; key: string }>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ client: Client; close(): Promise<void> }> {
  const options = parseOrThrow(temporalOptionsSchema, input, 'temporal options');
  const { address, namespace } = temporalTarget(options, env);
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
    address,
    ...(tls !== undefined ? { tls } : {}),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  });
  const client = new Client({
    connection,
    namespace,
    dataConverter: createRelayPostDataConverter({ keys }),
  });
  return { client, close: () => connection.close() };
}
