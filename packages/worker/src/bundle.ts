import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { failureConverterPath } from '@relaypost/workflows';
import { defaultWorkflowsPath } from '@relaypost/workflows/worker';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import { createLogger } from './logger.js';
import { temporalLoggerFrom } from './temporal-logger.js';

/**
 * Builds the workflow bundle once (at image build time) so production workers start fast and
 * run exactly the code that was tested: `WORKFLOW_BUNDLE_PATH` points the worker at it.
 */
export async function writeWorkflowBundle(
  outFile: string,
  logger: Logger = temporalLoggerFrom(createLogger({ level: process.env.LOG_LEVEL ?? 'info' })),
): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: defaultWorkflowsPath,
    failureConverterPath,
    logger,
  });
  const path = resolve(outFile);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, code);
  return path;
}
