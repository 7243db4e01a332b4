import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';

const { History } = proto.temporal.api.history.v1;
type History = proto.temporal.api.history.v1.IHistory;

/** Committed workflow histories that replay tests run against the current workflow code. */
export const historiesDir = new URL('./fixtures/histories/', import.meta.url).pathname;

/**
 * With `RECORD_HISTORIES=1`, saves a finished workflow's history as a replay fixture (binary
 * protobuf, exactly as the server sent it). Recording is deliberate (a new fixture is a reviewed
 * change), never automatic in CI.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  await mkdir(historiesDir, { recursive: true });
  await writeFile(join(historiesDir, `${name}.binpb`), History.encode(history).finish());
}

export async function loadHistories(): Promise<Array<{ name: string; history: History }>> {
  const files = (await readdir(historiesDir).catch(() => [])).filter((f) => f.endsWith('.binpb')).sort();
  return Promise.all(
    files.map(async (file) => ({
      name: file.replace(/\.binpb$/, ''),
      history: History.decode(await readFile(join(historiesDir, file))),
    })),
  );
}
