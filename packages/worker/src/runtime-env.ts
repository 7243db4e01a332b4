/**
 * The process settings the worker should run with (the container image sets them; set them
 * yourself elsewhere). They must be in the environment before Node starts.
 *
 * - `--max-semi-space-size=8`: V8's young generation otherwise grows to 64 MiB per semi-space in
 *   each of the worker's two heaps (the main thread's and the workflow thread's) and keeps those
 *   pages resident, several hundred MB of RSS that no post needs.
 * - `--max-old-space-size=512`: a heap limit, so garbage is collected before the process balloons.
 * - `MALLOC_ARENA_MAX=2`: glibc otherwise keeps a 64 MiB malloc arena per thread that allocated.
 *
 * @example
 * ```sh
 * NODE_OPTIONS="--max-semi-space-size=8 --max-old-space-size=512" MALLOC_ARENA_MAX=2 relaypost worker
 * ```
 */
export const WORKER_RUNTIME_ENV: Readonly<{ NODE_OPTIONS: string; MALLOC_ARENA_MAX: string }> = {
  NODE_OPTIONS: '--max-semi-space-size=8 --max-old-space-size=512',
  MALLOC_ARENA_MAX: '2',
};
