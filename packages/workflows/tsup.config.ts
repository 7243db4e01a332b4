import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // What the SDK imports: nothing of the worker, Telegram or Anthropic.
    client: 'src/client-entry.ts',
    // Workflow code stays one self-contained module: Temporal's bundler reads it from here.
    workflows: 'src/workflows/index.ts',
    worker: 'src/worker.ts',
    testing: 'src/testing/index.ts',
    // Loaded by path into workers and the workflow sandbox (see codec/data-converter.ts).
    'failure-converter': 'src/codec/failure-converter.ts',
  },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
});
