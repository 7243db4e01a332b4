import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { failureConverterPath } from '@relaypost/workflows';
import { defaultWorkflowsPath } from '@relaypost/workflows/worker';
import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * Builds the workflow bundle once (at image build time) so production workers start fast and
 * run exactly the code that was tested: `WORKFLOW_BUNDLE_PATH` points the worker at it.
 */
export async function writeWorkflowBundle(outFile: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: defaultWorkflowsPath, failureConverterPath });
  const path = resolve(outFile);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, code);
  return path;
}
