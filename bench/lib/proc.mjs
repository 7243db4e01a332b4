import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** Linux reports process CPU times in clock ticks; 100 per second on every common kernel. */
const TICKS_PER_SECOND = 100;

/**
 * Resident memory of a process, from /proc (Linux only).
 *
 * @param {number} pid
 * @returns {Promise<{ rss: number, peak: number }>} bytes: current RSS and high-water mark
 */
export async function memoryOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (/** @type {string} */ field) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : Number.NaN;
  };
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/**
 * CPU seconds (user + system) a process has used so far.
 *
 * @param {number} pid
 * @returns {Promise<number>}
 */
export async function cpuSecondsOf(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

/**
 * How busy the whole machine's CPUs are over a short window (0..1 of all cores), from /proc/stat.
 * Taken before anything of ours starts, it shows what the other jobs on a shared machine use.
 *
 * @param {number} windowMs
 * @returns {Promise<number>}
 */
export async function machineBusy(windowMs) {
  const sample = async () => {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
    const total = values.reduce((a, b) => a + b, 0);
    return { idle, total };
  };
  const a = await sample();
  await sleep(windowMs);
  const b = await sample();
  const total = b.total - a.total;
  return total > 0 ? 1 - (b.idle - a.idle) / total : Number.NaN;
}
