// Adoption analytics at company scale on PostgreSQL: generates `BENCH_DAYS` days (30) of usage events for
// `BENCH_USERS` users (5,000) at `BENCH_EVENTS` events a user and day (7: about a million events), sends them
// through the HTTP API of one Atrium backend (POST /api/adoption/server-events, one user's batch of up to 500 a
// request, `BENCH_CONCURRENCY` requests in flight, 8), then times every Insights query `BENCH_RUNS` times (20)
// as a platform admin over the last 30 days, and prints ingestion events/s and each query's p50/p95.
//   node bench/adoption.ts                                  # 5,000 users, ~1M events
//   BENCH_USERS=1000 node bench/adoption.ts                  # smaller
// Goals (issue 19): ingestion ≥ 2,000 events/s, every Insights query p95 ≤ 200 ms. Bounded by BENCH_TIMEOUT_S
// (1800). Debian's PostgreSQL on a spare loopback port (tests/lib/postgres.ts); the backend's log is
// artifacts/logs/bench-adoption.log. `BENCH_HOLD_S=600` keeps the backend and PostgreSQL up that long after the
// figures (psql's command is printed), to EXPLAIN ANALYZE Insights' queries on the generated data.
// The generated users are catalog Users in the demo's teams (a catalog file written for the run), so their events
// count per team as a real user's do; the demo's 40 users answer the NPS survey (bench/adoptionPeople.ts).
// `BENCH_SCREENSHOT=1` then opens the Insights page in Chromium as the platform admin and saves
// artifacts/screenshots/adoption/insights-generated.png, and checks a CSV export (bench/adoptionScreenshot.ts;
// needs the frontend build: `source scripts/lib/backend.sh && ensure_frontend_build`).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn } from '../tests/lib/auth.ts';
import { waitForCatalog } from '../tests/lib/backend.ts';
import { demoCatalogWith, demoKindCounts } from '../tests/lib/demo.ts';
import { startPostgres } from '../tests/lib/postgres.ts';
import { startAdoptionBackend } from '../tests/lib/adoption.ts';
import {
  answerSurveys,
  benchUserName,
  writeBenchUsers,
} from './adoptionPeople.ts';
import { screenshotInsights } from './adoptionScreenshot.ts';
import { log, median, mulberry32, printTable, quantile } from './lib/util.ts';

const USERS = Number(process.env.BENCH_USERS ?? 5000);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const PER_DAY = Number(process.env.BENCH_EVENTS ?? 7);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const deadline =
  Date.now() + Number(process.env.BENCH_TIMEOUT_S ?? 1800) * 1000;
const NOW = Date.now();

const PLUGINS = [
  'catalog',
  'techdocs',
  'compute',
  'operations',
  'search',
  'scaffolder',
  'home',
  'timeline',
];
const KINDS = ['scale', 'restart', 'deploy', 'rollback'];

/** One user's events over the days: mostly page views, some searches, compute actions and template runs. */
function userEvents(user: number): object[] {
  const next = mulberry32(user + 1); // the same events on every run
  const events: object[] = [];
  for (let day = DAYS - 1; day >= 0; day--) {
    // Not everyone every day: about 60% of users are active on a day.
    if (next() > 0.6) continue;
    for (let i = 0; i < Math.round(PER_DAY / 0.6); i++) {
      const ts = new Date(
        NOW - day * 86_400_000 - Math.floor(next() * 8 * 3_600_000),
      ).toISOString();
      const r = next();
      const plugin = PLUGINS[Math.floor(next() * PLUGINS.length)];
      if (r < 0.75) {
        const entity = Math.floor(next() * 400);
        events.push({
          action: 'navigate',
          subject: `/${plugin}/default/component/svc-${entity}`,
          context: {
            pluginId: plugin,
            entityRef: `component:default/svc-${entity}`,
          },
          timestamp: ts,
        });
      } else if (r < 0.92) {
        const term = `term-${Math.floor(next() ** 2 * 500)}`;
        events.push({
          action: 'search',
          subject: term,
          value: next() < 0.2 ? 0 : Math.floor(next() * 30),
          context: { pluginId: 'search', searchTerm: term },
          timestamp: ts,
        });
      } else if (r < 0.98) {
        events.push({
          action: 'compute.action',
          subject: `svc-${Math.floor(next() * 400)}`,
          context: { pluginId: 'compute' },
          attributes: {
            kind: KINDS[Math.floor(next() * KINDS.length)],
            outcome: 'succeeded',
          },
          timestamp: ts,
        });
      } else {
        const taskId = `task-${user}-${day}-${i}`;
        events.push({
          action: 'template.run',
          subject: 'template:default/service',
          context: { pluginId: 'scaffolder' },
          attributes: {
            templateRef: 'template:default/service',
            outcome: next() < 0.9 ? 'completed' : 'failed',
            taskId,
          },
          timestamp: ts,
        });
        events.push({
          action: 'funnel.app-ready',
          subject: taskId,
          context: { pluginId: 'compute' },
          attributes: { taskId },
          timestamp: new Date(
            Date.parse(ts) + Math.floor(60_000 + next() * 600_000),
          ).toISOString(),
        });
      }
    }
  }
  return events.filter(
    e => Date.parse((e as { timestamp: string }).timestamp) <= NOW,
  );
}

const pg = await startPostgres();
const peopleDir = mkdtempSync(join(tmpdir(), 'atrium-bench-people-'));
const backend = await startAdoptionBackend({
  name: 'bench-adoption',
  adoption: { maxBatchSize: 500 },
  pg,
  extra: demoCatalogWith([
    { target: writeBenchUsers(peopleDir, USERS), allow: ['User'] },
  ]),
});
// Stopped early (Ctrl-C, or a hold cut short): the backend and the cluster go with the bench.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.allSettled([backend.stop(), pg.stop()]).then(() =>
      process.exit(130),
    );
  });
}
try {
  const demo = demoKindCounts();
  const catalogStarted = Date.now();
  await waitForCatalog(
    backend.baseUrl,
    backend.serviceToken,
    { ...demo, User: demo.User + USERS },
    Math.max(180_000, USERS * 100),
  );
  log(
    `catalog holds the demo and ${USERS} bench users in ${(
      (Date.now() - catalogStarted) /
      1000
    ).toFixed(0)} s`,
  );
  log(`backend ready on PostgreSQL; sending ${USERS} users × ${DAYS} days`);

  let sent = 0;
  let requests = 0;
  let nextUser = 0;
  const started = Date.now();
  let lastLog = started;
  const worker = async () => {
    for (;;) {
      if (Date.now() > deadline)
        throw new Error('BENCH_TIMEOUT_S reached while ingesting');
      const user = nextUser++;
      if (user >= USERS) return;
      const events = userEvents(user);
      for (let i = 0; i < events.length; i += 500) {
        const batch = events.slice(i, i + 500);
        const res = await fetch(
          `${backend.baseUrl}/api/adoption/server-events`,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${backend.serviceToken}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              userEntityRef: `user:default/${benchUserName(user)}`,
              events: batch,
            }),
          },
        );
        if (res.status !== 202)
          throw new Error(`POST: ${res.status} ${await res.text()}`);
        sent += batch.length;
        requests++;
      }
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(
          `${sent} events sent (${Math.round(
            sent / ((lastLog - started) / 1000),
          )}/s)`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const ingestS = (Date.now() - started) / 1000;
  log(`ingested ${sent} events in ${ingestS.toFixed(1)} s`);

  log(`${await answerSurveys(backend.baseUrl)} demo users answered the survey`);
  const { token } = await signIn(backend.baseUrl, 'ravi.subramanian');
  const queries = [
    '/insights/active-users?grain=day',
    '/insights/active-users?grain=week',
    '/insights/active-users?grain=month',
    '/insights/teams',
    '/insights/top?kind=plugins',
    '/insights/top?kind=pages',
    '/insights/top?kind=entities',
    '/insights/searches',
    '/insights/templates',
    '/insights/actions',
    '/insights/nps',
    '/insights/summary',
    '/insights/active-users?grain=day&format=csv',
  ];
  const rows: string[][] = [];
  for (const q of queries) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const res = await fetch(`${backend.baseUrl}/api/adoption${q}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await res.text();
      if (res.status !== 200) throw new Error(`${q}: ${res.status}`);
      times.push(performance.now() - t0);
    }
    const p95 = quantile(times, 0.95);
    rows.push([
      q,
      median(times).toFixed(1),
      p95.toFixed(1),
      p95 <= 200 ? 'yes' : 'NO',
    ]);
  }
  const eventsRows = await pg.query(
    'backstage_plugin_adoption',
    'select count(*) from adoption_events',
  );
  console.log(
    `\nAdoption on PostgreSQL: ${USERS} users, ${DAYS} days, ${eventsRows} events stored; load ${loadavg()
      .map(l => l.toFixed(2))
      .join(' ')}\n`,
  );
  printTable(
    ['measure', 'value', 'goal', 'met'],
    [
      [
        'ingestion (events/s)',
        String(Math.round(sent / ingestS)),
        '≥ 2000',
        sent / ingestS >= 2000 ? 'yes' : 'NO',
      ],
      ['requests', String(requests), '', ''],
      ['ingestion time (s)', ingestS.toFixed(1), '', ''],
    ],
  );
  console.log('');
  printTable(
    ['Insights query (last 30 days)', 'p50 ms', 'p95 ms', '≤ 200 ms'],
    rows,
  );
  if (process.env.BENCH_SCREENSHOT === '1') {
    const shot = await screenshotInsights({
      baseUrl: backend.baseUrl,
      login: 'ravi.subramanian',
      token,
    });
    console.log(`\nInsights page: ${shot.path}\nCSV export: ${shot.csv}`);
  }
  const hold = Number(process.env.BENCH_HOLD_S ?? 0);
  if (hold > 0) {
    log(
      `holding ${hold} s: PGPASSWORD=${pg.password} psql -h 127.0.0.1 -p ${pg.port} -U ${pg.user} -d backstage_plugin_adoption`,
    );
    await new Promise(r => setTimeout(r, hold * 1000));
  }
} finally {
  await backend.stop();
  await pg.stop();
  rmSync(peopleDir, { recursive: true, force: true });
}
