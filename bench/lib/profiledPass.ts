// On request, a bench's backend is profiled over one pass of work it sends (not its start-up or ingestion): with
// BENCH_CPU_PROFILE_DIR, V8's CPU profile (bench/lib/cpuProfile.cjs); with BENCH_QUERY_STATS=1, the database
// statements the pass ran (bench/lib/countQueries.cjs), the costliest printed.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sleep } from '../../tests/lib/proc.ts';
import { windowProfile, type WindowProfile } from './cpuProfiling.ts';
import {
  printQueryStats,
  queryStatsDelta,
  queryStatsPreload,
  readQueryStats,
} from './queryStats.ts';
import { log } from './util.ts';

export interface PassProfiling {
  /** For the backend's environment (NODE_OPTIONS and the files); undefined when nothing was asked for. */
  env?: Record<string, string>;
  profile?: WindowProfile;
  statsFile?: string;
}

/** What the environment asks for, for a backend whose data folder is `dir`; the profile is named `name`. */
export function passProfiling(dir: string, name: string): PassProfiling {
  const profile = windowProfile(name);
  const statsFile = process.env.BENCH_QUERY_STATS
    ? join(dir, 'statements.json')
    : undefined;
  const preloads = [
    ...(statsFile ? [queryStatsPreload] : []),
    ...(profile ? [profile.preload] : []),
  ];
  if (!preloads.length) return {};
  return {
    profile,
    statsFile,
    env: {
      NODE_OPTIONS: preloads.join(' '),
      ...(statsFile ? { BENCH_QUERY_STATS_FILE: statsFile } : {}),
      ...profile?.env,
    },
  };
}

/**
 * Runs `step` `times` times, one after another, against backend `pid` profiled as `profiling` says (nothing to
 * do when it says nothing), and reports the profile's file and the pass's statements under `title`.
 */
export async function profiledPass(
  pid: number,
  profiling: PassProfiling,
  title: string,
  times: number,
  step: (i: number) => Promise<unknown>,
): Promise<void> {
  const { profile, statsFile } = profiling;
  if (!profile && !statsFile) return;
  // The stats file is rewritten every 5 s: a reading from before the pass, and one from after it.
  await sleep(5500);
  const before = statsFile ? readQueryStats(statsFile) : undefined;
  profile?.start(pid);
  const t0 = performance.now();
  for (let i = 0; i < times; i++) await step(i);
  const each = `${((performance.now() - t0) / times).toFixed(0)} ms each`;
  if (profile)
    log(
      (await profile.stop(pid))
        ? `CPU profile of ${title} (${each}, profiled) in ${profile.file}`
        : 'no CPU profile written in 30 s',
    );
  if (statsFile && before) {
    await sleep(5500);
    printQueryStats(
      `${title} (${each})`,
      queryStatsDelta(before, readQueryStats(statsFile)),
      15,
    );
  }
}
