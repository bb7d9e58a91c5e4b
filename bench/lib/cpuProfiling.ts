// A bench's side of bench/lib/cpuProfile.cjs: the preload and its environment for the backend, and the two signals
// that start and stop V8's profiler there, so the profile covers the bench's measuring window only.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sleep } from '../../tests/lib/proc.ts';

export interface WindowProfile {
  /** Where the profile is written (.cpuprofile JSON; read with `node bench/lib/cpuprofile.ts <file>`). */
  file: string;
  /** For the backend's NODE_OPTIONS. */
  preload: string;
  /** For the backend's environment. */
  env: Record<string, string>;
  /** Starts the profiler in process `pid`. */
  start(pid: number): void;
  /** Stops it and waits (at most 30 s) for the file: whether it was written. */
  stop(pid: number): Promise<boolean>;
}

/** A profile named `name` when BENCH_CPU_PROFILE_DIR is set; else undefined (the bench runs unprofiled). */
export function windowProfile(name: string): WindowProfile | undefined {
  const dir = process.env.BENCH_CPU_PROFILE_DIR;
  if (!dir) return undefined;
  mkdirSync(resolve(dir), { recursive: true });
  const file = join(resolve(dir), `${name}.cpuprofile`);
  rmSync(file, { force: true });
  return {
    file,
    preload: `--require ${resolve(import.meta.dirname, 'cpuProfile.cjs')}`,
    env: { BENCH_CPU_PROFILE_FILE: file },
    start: pid => process.kill(pid, 'SIGUSR2'),
    async stop(pid) {
      process.kill(pid, 'SIGUSR2');
      const deadline = Date.now() + 30_000;
      while (!existsSync(file) && Date.now() < deadline) await sleep(250);
      return existsSync(file);
    },
  };
}
