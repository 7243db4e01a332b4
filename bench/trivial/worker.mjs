// A worker process for the trivial workflow, started by bench/run.mjs like the RelayPost worker:
//   node bench/trivial/worker.mjs bundle <out.js>                  builds the workflow bundle
//   node bench/trivial/worker.mjs <temporal address> <task queue> <bundle.js>   runs the worker
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';

const workflowsPath = fileURLToPath(new URL('./workflows.mjs', import.meta.url));
const [first, second, third] = process.argv.slice(2);

if (first === 'bundle') {
  if (!second) throw new Error('usage: worker.mjs bundle <out.js>');
  const { code } = await bundleWorkflowCode({ workflowsPath });
  await writeFile(second, code);
} else {
  if (!first || !second || !third)
    throw new Error('usage: worker.mjs <temporal address> <task queue> <bundle.js>');
  const connection = await NativeConnection.connect({ address: first });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: second,
    // Prebuilt, as the RelayPost worker's is, so neither process carries the bundler.
    workflowBundle: { codePath: third },
    activities: {
      /** @param {number} n */
      touch: async (n) => n,
    },
  });
  const stop = () => worker.shutdown();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const running = worker.run();
  process.stdout.write('trivial worker ready\n');
  await running;
  await connection.close();
}
