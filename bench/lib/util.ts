// Small helpers shared by the benchmarks: a bounded command runner, statistics, a hash, a log line with the
// elapsed time, and a Markdown-style table printer.
import { spawn, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';

const started = Date.now();
/** The running bench's name: its script's, without `.ts` (`node bench/catalog-list.ts` -> `catalog-list`). */
const bench = basename(process.argv[1] ?? 'bench').replace(/\.[cm]?[jt]s$/, '');

/**
 * A progress line on stderr, prefixed with the bench's name and the seconds since it started (stdout keeps the
 * tables).
 */
export function log(message: string): void {
  process.stderr.write(
    `[${bench} +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`,
  );
}

/**
 * Runs a command to completion with its output appended to `logFile`, killing its whole process group when it
 * takes longer than `timeoutMs`. Rejects with the output's last lines when it fails or times out.
 */
export async function runBounded(
  command: string,
  args: string[],
  options: SpawnOptions & { logFile: string; timeoutMs: number },
): Promise<void> {
  const { logFile, timeoutMs, ...spawnOptions } = options;
  const out = createWriteStream(logFile, { flags: 'a' });
  out.write(`\n$ ${command} ${args.join(' ')}  (cwd ${options.cwd ?? '.'})\n`);
  let tail = '';
  const keep = (chunk: Buffer) => {
    out.write(chunk);
    tail = (tail + chunk.toString()).slice(-6000);
  };
  const child = spawn(command, args, {
    ...spawnOptions,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so a timeout ends its children too
  });
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, timeoutMs);
  // A bench interrupted with Ctrl-C must not leave an install or a build running.
  const onSignal = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.once('SIGINT', onSignal);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', c => resolve(c));
    });
    if (timedOut)
      throw new Error(
        `${command} ${args.join(' ')} timed out after ${timeoutMs} ms ` +
          `(log: ${logFile}):\n${tail}`,
      );
    if (code !== 0)
      throw new Error(
        `${command} ${args.join(
          ' ',
        )} exited ${code} (log: ${logFile}):\n${tail}`,
      );
  } finally {
    clearTimeout(timer);
    process.removeListener('SIGINT', onSignal);
    await new Promise(r => out.end(r));
  }
}

export const sha256 = (...parts: Array<string | Buffer>): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

/** The value at quantile `q` (0..1) of the numbers, by nearest rank; NaN when there are none. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  ];
}

export const median = (values: number[]) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Prints rows as a Markdown table with padded columns. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)),
  );
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
}

/** mulberry32: a small seeded pseudo-random generator in [0, 1), so a bench makes the same data on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
