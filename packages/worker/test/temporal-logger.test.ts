import { Writable } from 'node:stream';
import { failureConverterPath } from '@relaypost/workflows';
import { defaultWorkflowsPath } from '@relaypost/workflows/worker';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { temporalLoggerFrom } from '../src/temporal-logger.js';

function capture(level: string) {
  const lines: Array<{ level: string; msg: string; size?: string }> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

describe('the Temporal SDK logs through the worker logger', () => {
  it('keeps the workflow bundle build report at debug, and one short info line with its size', async () => {
    const { logger, lines } = capture('debug');
    await bundleWorkflowCode({
      workflowsPath: defaultWorkflowsPath,
      failureConverterPath,
      logger: temporalLoggerFrom(logger),
    });
    const info = lines.filter((line) => line.level === 'info');
    expect(info.map((line) => line.msg)).toEqual(['Workflow bundle created']);
    expect(info[0]?.size).toMatch(/MB$/);
    const report = lines.find((line) => /webpack [\d.]+ compiled/.test(line.msg));
    expect(report?.level).toBe('debug');
  }, 120_000);
});
