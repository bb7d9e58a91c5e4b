// Helpers of tests/replicas.test.ts for Atrium's scheduled work with several replicas: the real services it
// talks to (Debian's slapd and Alertmanager, each behind a counting loopback proxy), the config that runs it on a
// short schedule, and counters of its runs seen from outside the replicas: LDAP connections reaching slapd,
// unfiltered alert reads reaching Alertmanager, and DELETE statements PostgreSQL runs on the audit tables.
import assert from 'node:assert/strict';
import {
  startCountingHttpProxy,
  startCountingTcpProxy,
  type CountingHttpProxy,
  type CountingTcpProxy,
} from './countingProxy.ts';
import {
  GROUPS,
  LDAP_BASE_ENTRIES,
  ldapOrgProviderConfig,
  ldifOf,
  PEOPLE,
  startSlapd,
  type Slapd,
} from './ldap.ts';
import type { Postgres } from './postgres.ts';
import { waitFor } from './proc.ts';
import { startAlertmanager, type MonitoringServer } from './prometheus.ts';

/** Every scheduled task here runs this often (a global task: once per interval across all the replicas). */
export const SCHEDULE_SECONDS = 2;

const schedule = {
  frequency: { seconds: SCHEDULE_SECONDS },
  timeout: { seconds: 30 },
  initialDelay: { seconds: 1 },
};

/** The one user and team in the test directory: distinct from the demo org's, which the catalog files hold. */
export const LDAP_USER_REF = 'user:default/replica-ldap-user';

const directoryLdif = ldifOf([
  ...LDAP_BASE_ENTRIES,
  [
    `dn: uid=replica-ldap-user,${PEOPLE}`,
    'objectClass: inetOrgPerson',
    'uid: replica-ldap-user',
    'cn: Replica Ldap User',
    'sn: User',
    'mail: replica-ldap-user@larkspur.example',
  ],
  [
    `dn: cn=replica-ldap-team,${GROUPS}`,
    'objectClass: groupOfNames',
    'cn: replica-ldap-team',
    'businessCategory: team',
    `member: uid=replica-ldap-user,${PEOPLE}`,
  ],
]);

/** A scheduled task's runs so far, as counted outside the replicas. */
export interface RunCounter {
  what: string;
  count(): Promise<number>;
}

export interface ScheduledWorkServices {
  slapd: Slapd;
  ldapProxy: CountingTcpProxy;
  alertmanager: MonitoringServer;
  alertmanagerProxy: CountingHttpProxy;
  stop(): Promise<void>;
}

/** Starts slapd (seeded with one user and one team) and Alertmanager, each behind a counting proxy. */
export async function startScheduledWorkServices(): Promise<ScheduledWorkServices> {
  const [slapd, alertmanager] = await Promise.all([
    startSlapd(directoryLdif),
    startAlertmanager(),
  ]);
  const [ldapProxy, alertmanagerProxy] = await Promise.all([
    startCountingTcpProxy(slapd.port),
    startCountingHttpProxy(alertmanager.url),
  ]);
  return {
    slapd,
    ldapProxy,
    alertmanager,
    alertmanagerProxy,
    async stop() {
      await Promise.all([ldapProxy.stop(), alertmanagerProxy.stop()]);
      await Promise.all([slapd.stop(), alertmanager.remove()]);
    },
  };
}

/**
 * Config for every replica: the LDAP org provider reading slapd, the operations plugin polling Alertmanager, and
 * the compute and sign-in audits' retention, each every {@link SCHEDULE_SECONDS} (config keys each plugin
 * declares in its config.d.ts). The upstreams' URLs are the counting proxies'.
 */
export function scheduledWorkConfig(services: ScheduledWorkServices) {
  const { slapd, ldapProxy, alertmanagerProxy } = services;
  return {
    catalog: {
      providers: {
        ldapOrg: {
          replicas: ldapOrgProviderConfig(slapd, {
            target: `ldap://${ldapProxy.host}:${ldapProxy.port}`,
            schedule,
          }),
        },
      },
    },
    operations: {
      alertmanager: { baseUrl: alertmanagerProxy.url, timeoutMs: 3000 },
      alerts: { pollSeconds: SCHEDULE_SECONDS },
    },
    compute: { audit: { retentionSchedule: schedule } },
    auth: { signInAudit: { retentionSchedule: schedule } },
  };
}

/** Backstage's database for a plugin on PostgreSQL (the default prefix). */
const pluginDatabase = (pluginId: string) => `backstage_plugin_${pluginId}`;

/**
 * Makes PostgreSQL count the DELETE statements on an audit table (a statement trigger fires once per statement,
 * even one that removes nothing), and keeps one row past any retention in it: the trigger puts a new one back
 * after each DELETE, so every prune finds one and deletes it, however often it runs. `oldRow(n)` is the SQL
 * insert of that row, `n` a number unique to it (1 for the first).
 */
async function countDeletes(
  postgres: Postgres,
  database: string,
  table: string,
  oldRow: (n: string) => string,
): Promise<RunCounter> {
  await postgres.query(
    database,
    `create table atrium_test_prune_runs (run serial primary key, at timestamptz not null default clock_timestamp());
     create function atrium_test_prune_ran() returns trigger language plpgsql as $$
     declare n integer;
     begin
       insert into atrium_test_prune_runs default values returning run into n;
       ${oldRow('n + 1')};
       return null;
     end $$;
     ${oldRow('1')};
     create trigger atrium_test_prune_ran after delete on ${table}
       for each statement execute function atrium_test_prune_ran();`,
  );
  return {
    what: `DELETE statements on ${table}`,
    count: async () =>
      Number(
        await postgres.query(
          database,
          'select count(*) from atrium_test_prune_runs',
        ),
      ),
  };
}

/**
 * The counters of the four scheduled tasks' runs. The audit tables' exist once the replicas have migrated
 * them, so this is called after they are up.
 */
export async function scheduledWorkCounters(
  services: ScheduledWorkServices,
  postgres: Postgres,
): Promise<
  Record<'ldap' | 'alerts' | 'computeAudit' | 'signInAudit', RunCounter>
> {
  const [computeAudit, signInAudit] = await Promise.all([
    // Compute's prune reads the oldest ids first and stops at the first recent row: the old row's id is
    // below every real one (and below the one before it).
    countDeletes(
      postgres,
      pluginDatabase('compute'),
      'compute_audit',
      n => `insert into compute_audit (id, occurred_at, actor, action, entity_ref, cluster, namespace, app, result)
            values (-(${n}), '2000-01-01T00:00:00Z', 'user:default/replica-test', 'scale',
                    'component:default/replica-retention-probe', 'none', 'none', 'none', 'failed')`,
    ),
    countDeletes(
      postgres,
      pluginDatabase('auth'),
      'atrium_sign_in_audit',
      n => `insert into atrium_sign_in_audit (occurred_at, provider_id, flow, subject, result, reason)
            values ('2000-01-01T00:00:00Z', 'replica-test', 'test', 'replica-test-' || (${n}), 'refused', 'test')`,
    ),
  ]);
  return {
    ldap: {
      what: 'connections to slapd',
      count: async () => services.ldapProxy.connections,
    },
    alerts: {
      // The poll reads every alert; a component's alerts and silences are read with filters. (Home's open alerts
      // read every alert too, but nothing in this suite asks for them.)
      what: 'unfiltered GET /api/v2/alerts at Alertmanager',
      count: async () =>
        services.alertmanagerProxy.requests.filter(
          r =>
            r.method === 'GET' &&
            r.path === '/api/v2/alerts' &&
            !r.query.has('filter'),
        ).length,
    },
    computeAudit,
    signInAudit,
  };
}

/** When the scheduled tasks' runs started to be counted, and their counts then. */
export interface RunBaseline {
  at: number;
  counts: Map<RunCounter, number>;
}

/** Every counter's count now: runs are counted from here. */
export async function runBaseline(
  counters: Record<string, RunCounter>,
): Promise<RunBaseline> {
  const at = Date.now();
  return {
    at,
    counts: new Map(
      await Promise.all(
        Object.values(counters).map(async c => [c, await c.count()] as const),
      ),
    ),
  };
}

/**
 * Runs of a scheduled task across the replicas since `baseline`, once at least `minIntervals` of its intervals
 * have passed and it has run (bounded): at least one, and no more than one per interval elapsed (rounded up,
 * plus one: the window's first run may have been due before the window began). A task each replica ran on its
 * own would make about two per interval.
 */
export async function runsOncePerInterval(
  counter: RunCounter,
  baseline: RunBaseline,
  minIntervals: number,
) {
  const intervalMs = SCHEDULE_SECONDS * 1000;
  const from = baseline.counts.get(counter)!;
  const seen = await waitFor(
    `${counter.what}: one run, and ${minIntervals} intervals of ${SCHEDULE_SECONDS} s`,
    async () => {
      const runs = (await counter.count()) - from;
      const elapsedMs = Date.now() - baseline.at;
      return runs >= 1 && elapsedMs >= minIntervals * intervalMs
        ? { runs, elapsedMs }
        : undefined;
    },
    { timeoutMs: minIntervals * intervalMs + 60_000, intervalMs: 250 },
  );
  const intervals = seen.elapsedMs / intervalMs;
  const most = Math.ceil(intervals) + 1;
  const report = `${seen.runs} ${counter.what} in ${(
    seen.elapsedMs / 1000
  ).toFixed(1)} s (${intervals.toFixed(
    1,
  )} intervals of ${SCHEDULE_SECONDS} s; once per interval is at most ${most})`;
  console.log(report);
  assert.ok(seen.runs <= most, report);
}
