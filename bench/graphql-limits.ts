// How long the GraphQL gateway's query limits take on the fragment chain of issue 15: under a list that returns
// nothing (`entities(refs: [])`), each fragment spreads the next one twice, so the query expands to 2^n paths.
// For chains of 10 to 40 fragments it prints the time of the gateway's checks (GraphQL Armor's token-limited
// parse, then its depth, cost, alias and directive rules), graphql-js's own validation of the same document, and,
// for comparison, the hand-written walk the gateway had before (from git history) where it is cheap.
// In-process, no server; no pass/fail.
//
//   node bench/graphql-limits.ts        (BENCH_RUNS: runs per cell, median shown; default 5)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, printTable } from './lib/util.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHAINS = [10, 15, 20, 25, 30, 35, 40];
/** The old walk follows every path: 2^20 of them take about a second; beyond that it is skipped. */
const OLD_UP_TO = 20;
const LIMITS_FILE = 'plugins/graphql-backend/src/limits.ts';
const DEADLINE = Date.now() + 60_000;

// The gateway's sources are TypeScript with extensionless imports: load them as the backend runs them, through
// Backstage's Node transform (CommonJS).
const require = createRequire(import.meta.url);
require('@backstage/cli-node/config/nodeTransform.cjs');
const graphql = require('graphql');
const { makeExecutableSchema } = require('@graphql-tools/schema');
const { coreSchema } = require('../plugins/graphql-backend/src/schema/core.ts');
const {
  readGatewayConfig,
} = require('../plugins/graphql-backend/src/config.ts');
const {
  createQueryLimits,
} = require('../plugins/graphql-backend/src/limits.ts');
const { ConfigReader } = require('@backstage/config');

/** The last committed limits.ts that had the hand-written walk (`measureQuery`), in .bench/ (git-ignored). */
function oldLimits(): any {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const changed = git(
    'log',
    '-n1',
    '--format=%H',
    '-S',
    'export function measureQuery',
    '--',
    LIMITS_FILE,
  ).trim();
  if (!changed) return undefined;
  // The commit that last changed the count of that line either added it (it has the walk) or removed it.
  let text = git('show', `${changed}:${LIMITS_FILE}`);
  let commit = changed;
  if (!text.includes('export function measureQuery')) {
    commit = `${changed}^`;
    text = git('show', `${commit}:${LIMITS_FILE}`);
  }
  const dir = join(ROOT, '.bench', 'graphql-limits');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'limits-old.ts');
  writeFileSync(file, text);
  return {
    ...require(file),
    commit: git('rev-parse', '--short', commit).trim(),
  };
}

const core = coreSchema({ catalog: {} });
const schema = makeExecutableSchema({
  typeDefs: [core.typeDefs],
  resolvers: [core.resolvers],
});
const listSizes = new Map<string, number>(Object.entries(core.listSizes));
const limits = readGatewayConfig(new ConfigReader({})).limits;
const checks = createQueryLimits({ schema, limits, listSizes });
const old = oldLimits();

function chain(n: number): string {
  const fragments = Array.from(
    { length: n },
    (_, i) =>
      `fragment F${i} on Entity { name ${
        i < n - 1 ? `...F${i + 1} ...F${i + 1}` : ''
      } }`,
  );
  return ['{ entities(refs: []) { ...F0 } }', ...fragments].join('\n');
}

/** Median milliseconds of `runs` calls, and what the last call returned or threw (its code, or its message). */
function time(
  runs: number,
  fn: () => unknown,
): { ms: number; outcome: string } {
  const samples: number[] = [];
  let outcome = '';
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    try {
      fn();
      outcome = 'accepted';
    } catch (error: any) {
      outcome = error.code ?? error.message;
    }
    samples.push(performance.now() - started);
  }
  return { ms: median(samples), outcome };
}

const ms = (value: number) => value.toFixed(2);
// Warm-up, so the first row does not carry the JIT's start.
for (let i = 0; i < 20; i++)
  time(1, () => checks.check(checks.parse(chain(10))));

const rows: string[][] = [];
for (const n of CHAINS) {
  const text = chain(n);
  const now = time(RUNS, () => checks.check(checks.parse(text)));
  const document = graphql.parse(text);
  const validation = time(RUNS, () => {
    const errors = graphql.validate(schema, document);
    if (errors.length) throw new Error(`${errors.length} errors`);
  });
  let before = ['skipped: exponential', ''];
  if (old && n <= OLD_UP_TO && Date.now() < DEADLINE) {
    const measured = time(n < OLD_UP_TO ? RUNS : 1, () =>
      old.measureQuery({
        schema,
        document: graphql.parse(text, { maxTokens: 5000 }),
        limits: { maxDepth: limits.maxDepth, maxCost: limits.maxCost },
        listSizes,
      }),
    );
    before = [ms(measured.ms), measured.outcome];
  } else if (!old) {
    before = ['(not in git history)', ''];
  }
  rows.push([
    String(n),
    String(text.length),
    ms(now.ms),
    now.outcome,
    ms(validation.ms),
    validation.outcome === 'accepted' ? 'valid' : validation.outcome,
    ...before,
  ]);
}

console.log(
  `Fragment chains under entities(refs: []): median of ${RUNS} runs, milliseconds. Limits: ${JSON.stringify(
    limits,
  )}.`,
);
console.log('');
printTable(
  [
    'fragments',
    'query bytes',
    'gateway checks (Armor)',
    'outcome',
    'graphql-js validate',
    'validation',
    `old walk${old ? ` (${old.commit})` : ''}`,
    'old outcome',
  ],
  rows,
);
console.log('');
console.log(
  'gateway checks: parse with the token limit, then the depth, cost, alias and directive rules, as the gateway runs them\n' +
    'before graphql-js validation (which the gateway skips for a refused query; it is timed here on its own). The old\n' +
    `walk (parse + measureQuery) runs once at ${OLD_UP_TO} fragments and is skipped beyond: its time doubles with each one.`,
);
