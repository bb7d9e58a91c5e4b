/* eslint-disable no-console */
/**
 * Runs node:test suites a few at a time, longest first, each in a `node --test` of its own.
 *
 *   node tests/run-suites.ts [--concurrency N] tests/a.test.ts tests/b.test.ts ...
 *
 * Why not `node --test --test-concurrency=N` over all of them: it starts the files in name order whatever order
 * they are given in, so a long suite whose name comes late (stock-catalog, timeline) ends minutes after the
 * other lane has gone idle. Starting the longest first (by tests/suite-seconds.json, the times of a recent run)
 * keeps both cores busy to the end. A suite's output is printed whole when it ends, as node's own runner does,
 * so two suites' lines never mix; a line says when each one starts.
 *
 * Each run writes every suite's time to artifacts/logs/suite-seconds.json (or ATRIUM_SUITE_TIMES); copying it
 * over tests/suite-seconds.json refreshes the order. A suite not listed there is taken to be long (started early).
 * A suite that runs longer than ATRIUM_SUITE_TIMEOUT_S (1,200) is stopped and fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const UNKNOWN_SECONDS = 120;
const timeoutMs = Number(process.env.ATRIUM_SUITE_TIMEOUT_S ?? 1200) * 1000;

interface Outcome {
  suite: string;
  seconds: number;
  code: number | null;
  timedOut: boolean;
}

function parseArgs(argv: string[]) {
  let concurrency = 2;
  const suites: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--concurrency') {
      concurrency = Number(argv[++i]);
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new Error(`--concurrency must be a whole number ≥ 1`);
      }
    } else {
      suites.push(argv[i]);
    }
  }
  if (suites.length === 0) throw new Error('no suites given');
  return { concurrency, suites };
}

/** The suites, longest first by the recorded times. */
export function longestFirst(
  suites: string[],
  seconds: Record<string, number>,
): string[] {
  const weight = (s: string) => seconds[basename(s)] ?? UNKNOWN_SECONDS;
  return [...suites].sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : 1));
}

function recordedSeconds(): Record<string, number> {
  try {
    return JSON.parse(
      readFileSync(join(ROOT, 'tests/suite-seconds.json'), 'utf8'),
    );
  } catch {
    return {};
  }
}

const running = new Set<ChildProcess>();

function suiteEnv(): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _parentRun, ...env } = process.env;
  return env;
}

function runSuite(suite: string): Promise<Outcome> {
  const started = Date.now();
  console.log(`▶ ${suite}`);
  const child = spawn(
    process.execPath,
    ['--test', '--test-reporter=spec', suite],
    // Each suite is a run of its own, even when this runner is itself started from a test (helpers.test.ts):
    // node --test skips its files when it finds a parent test run's context.
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: suiteEnv() },
  );
  running.add(child);
  const output: Buffer[] = [];
  child.stdout!.on('data', (b: Buffer) => output.push(b));
  child.stderr!.on('data', (b: Buffer) => output.push(b));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  }, timeoutMs);
  return new Promise(resolvePromise => {
    child.on('close', code => {
      clearTimeout(timer);
      running.delete(child);
      const seconds = Math.round((Date.now() - started) / 1000);
      const ok = code === 0 && !timedOut;
      process.stdout.write(Buffer.concat(output));
      console.log(
        `${ok ? '✔' : '✖'} ${suite}: ${
          ok ? 'passed' : 'FAILED'
        } in ${seconds} s${
          timedOut ? ` (stopped after ${timeoutMs / 1000} s)` : ''
        }\n`,
      );
      resolvePromise({ suite, seconds, code, timedOut });
    });
  });
}

async function main() {
  const { concurrency, suites } = parseArgs(process.argv.slice(2));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      for (const child of running) child.kill('SIGTERM');
      process.exit(130);
    });
  }
  const queue = longestFirst(suites, recordedSeconds());
  const outcomes: Outcome[] = [];
  const lane = async () => {
    for (let suite = queue.shift(); suite; suite = queue.shift()) {
      outcomes.push(await runSuite(suite));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));

  const times = Object.fromEntries(
    [...outcomes]
      .sort((a, b) => b.seconds - a.seconds)
      .map(o => [basename(o.suite), o.seconds]),
  );
  const timesFile = resolve(
    ROOT,
    process.env.ATRIUM_SUITE_TIMES ?? 'artifacts/logs/suite-seconds.json',
  );
  mkdirSync(dirname(timesFile), { recursive: true });
  writeFileSync(timesFile, `${JSON.stringify(times, null, 2)}\n`);
  const failed = outcomes.filter(o => o.code !== 0 || o.timedOut);
  const total = outcomes.reduce((sum, o) => sum + o.seconds, 0);
  console.log(
    `${outcomes.length} suites, ${total} s of suite time; ${
      failed.length
    } failed${failed.length ? `: ${failed.map(o => o.suite).join(', ')}` : ''}`,
  );
  process.exitCode = failed.length ? 1 : 0;
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === resolve(ROOT, 'tests/run-suites.ts')
) {
  main().catch(error => {
    console.error(error);
    process.exit(2);
  });
}
