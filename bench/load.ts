// Load benchmark (issue 17, item 6): virtual users browse Home, the catalog list, service pages and the Compute
// tab, making the requests those pages make (bench/lib/virtualUsers.ts), against the HA stack
// (tests/lib/ha.ts: PostgreSQL, Redis, the test IdP, the Kubernetes API simulator, N replicas with the
// production config, HAProxy in front) with one replica and then with two. Prints throughput, latency
// percentiles and errors for each, and the scaling ratio.
//
//   node bench/load.ts                                  # 200 users, 300 s per run, 1 then 2 replicas
//   BENCH_USERS=50 BENCH_SECONDS=60 node bench/load.ts  # a shorter run
//   node bench/load.ts --replicas 2                     # one run only
//
// Each run starts a fresh stack (so the second does not inherit the first's warm cache) and stops it. Every
// loop is bounded in time and count. Stock Backstage has no HA stack to compare with here, so the table's
// ratios are between Atrium's own runs; the single-instance comparison with stock is bench/speed.ts's.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { demoEntities } from '../tests/lib/demo.ts';
import { startHaStack, type HaStack } from '../tests/lib/ha.ts';
import { log, printTable, quantile } from './lib/util.ts';
import {
  PAGES,
  runVirtualUsers,
  type LoadResult,
  type LoadTarget,
  type Session,
} from './lib/virtualUsers.ts';

const { values: args } = parseArgs({
  options: {
    replicas: { type: 'string', default: '1,2' },
    users: { type: 'string', default: process.env.BENCH_USERS ?? '200' },
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '300' },
    think: { type: 'string', default: process.env.BENCH_THINK_MS ?? '500-1500' },
  },
});
const REPLICA_COUNTS = args.replicas!.split(',').map(Number);
const USERS = Number(args.users);
const SECONDS = Number(args.seconds);
const THINK = args.think!.split('-').map(Number) as [number, number];
/** At most this many demo users sign in; the virtual users share their sessions. */
const MAX_SESSIONS = 25;
if (
  !REPLICA_COUNTS.every(n => Number.isInteger(n) && n >= 1 && n <= 4) ||
  !(USERS >= 1 && USERS <= 1000) ||
  !(SECONDS >= 5 && SECONDS <= 1800) ||
  THINK.length !== 2 ||
  !(THINK[0] >= 0 && THINK[1] >= THINK[0])
) {
  throw new Error(
    'usage: node bench/load.ts [--replicas 1,2] [--users 1..1000] [--seconds 5..1800] [--think MIN-MAX]',
  );
}

interface Run {
  replicas: number;
  result: LoadResult;
  load: [number, number];
}

/** The demo's components and their owners, as the catalog files define them. */
function demoComponents(): LoadTarget['components'] {
  return demoEntities()
    .filter(e => e.kind === 'Component' && typeof e.spec?.owner === 'string')
    .map(e => {
      const owner = String(e.spec!.owner);
      return {
        ref: `component:default/${e.metadata.name}`,
        owner: owner.includes(':') ? owner : `group:default/${owner}`,
      };
    });
}

/** Signs in as many demo users as the IdP accepts, up to MAX_SESSIONS. */
async function sessions(stack: HaStack): Promise<Session[]> {
  const logins = demoEntities()
    .filter(e => e.kind === 'User')
    .map(e => e.metadata.name)
    .slice(0, MAX_SESSIONS);
  const out: Session[] = [];
  for (const login of logins) {
    try {
      const signedIn = await stack.signIn(login);
      out.push({
        token: signedIn.token,
        userRef: signedIn.identity.userEntityRef,
      });
    } catch (error) {
      log(`${login} not signed in: ${(error as Error).message.slice(0, 120)}`);
    }
  }
  if (!out.length) throw new Error('no demo user could sign in');
  return out;
}

async function measure(replicas: number): Promise<Run> {
  log(`starting the HA stack with ${replicas} replica(s)`);
  const stack = await startHaStack({ replicas, progress: m => log(m) });
  const stopOnSignal = () => {
    stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  try {
    const target: LoadTarget = {
      url: stack.url,
      sessions: await sessions(stack),
      components: demoComponents(),
    };
    log(
      `${USERS} users (${target.sessions.length} sessions) for ${SECONDS} s against ${stack.url}`,
    );
    const before = loadavg()[0];
    const result = await runVirtualUsers(target, {
      users: USERS,
      durationMs: SECONDS * 1000,
      thinkMs: THINK,
      maxPagesPerUser: Math.ceil((SECONDS * 1000) / Math.max(1, THINK[0])) + 1,
      requestTimeoutMs: 30_000,
      seed: 17,
    });
    return { replicas, result, load: [before, loadavg()[0]] };
  } finally {
    process.removeListener('SIGINT', stopOnSignal);
    await stack.stop();
  }
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(0) : '–');
const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(1);

function summary(run: Run): string[] {
  const { pages, requests, durationMs } = run.result;
  const okPages = pages.filter(p => p.ok).map(p => p.ms);
  const okRequests = requests.filter(r => r.ok).map(r => r.ms);
  return [
    String(run.replicas),
    String(pages.length),
    rate(okPages.length, durationMs),
    rate(okRequests.length, durationMs),
    fmt(quantile(okPages, 0.5)),
    fmt(quantile(okPages, 0.95)),
    fmt(quantile(okPages, 0.99)),
    fmt(quantile(okRequests, 0.5)),
    fmt(quantile(okRequests, 0.95)),
    fmt(quantile(okRequests, 0.99)),
    `${requests.filter(r => !r.ok).length} / ${requests.length}`,
    `${run.load[0].toFixed(1)} → ${run.load[1].toFixed(1)}`,
  ];
}

const runs: Run[] = [];
for (const n of REPLICA_COUNTS) runs.push(await measure(n));

console.log(
  `\nLoad: ${USERS} virtual users, ${SECONDS} s per run, think ${THINK[0]}–${THINK[1]} ms ` +
    `(pages: Home 30 %, catalog list 25 %, service page 30 %, Compute tab 15 %)\n`,
);
printTable(
  [
    'replicas',
    'pages',
    'pages/s',
    'requests/s',
    'page p50 ms',
    'page p95',
    'page p99',
    'request p50 ms',
    'request p95',
    'request p99',
    'failed requests',
    'load avg',
  ],
  runs.map(summary),
);
console.log('\nPer page (p50 / p95 ms, failed/all):\n');
printTable(
  ['replicas', ...PAGES],
  runs.map(run => [
    String(run.replicas),
    ...PAGES.map(kind => {
      const all = run.result.pages.filter(p => p.page === kind);
      const ok = all.filter(p => p.ok).map(p => p.ms);
      return `${fmt(quantile(ok, 0.5))} / ${fmt(quantile(ok, 0.95))} (${
        all.length - ok.length
      }/${all.length})`;
    }),
  ]),
);
const one = runs.find(r => r.replicas === 1);
for (const run of runs.filter(r => r.replicas > 1)) {
  if (!one) break;
  const through = (r: Run) => r.result.pages.filter(p => p.ok).length / r.result.durationMs;
  const p95 = (r: Run) =>
    quantile(
      r.result.pages.filter(p => p.ok).map(p => p.ms),
      0.95,
    );
  console.log(
    `\nScaling, ${run.replicas} replicas / 1: throughput ${(
      through(run) / through(one)
    ).toFixed(2)}×, page p95 ${(p95(run) / p95(one)).toFixed(2)}×`,
  );
}
for (const run of runs) {
  if (run.result.failures.length) {
    console.log(`\nFirst failures with ${run.replicas} replica(s):`);
    for (const f of run.result.failures.slice(0, 10)) console.log(`  ${f}`);
  }
}
