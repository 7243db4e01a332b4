import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * @typedef {object} Machine
 * @property {string} cpu
 * @property {number} cores
 * @property {number} ramBytes
 * @property {string} os
 * @property {string} node
 * @property {string} commit
 */

/**
 * What the benchmarks ran on.
 *
 * @param {string} repoRoot
 * @returns {Promise<Machine>}
 */
export async function describeMachine(repoRoot) {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    const head = (await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot })).stdout.trim();
    const dirty = (await run('git', ['status', '--porcelain'], { cwd: repoRoot })).stdout.trim() !== '';
    commit = dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    // not a git checkout
  }
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    ramBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    commit,
  };
}
