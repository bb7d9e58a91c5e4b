// How long the org sync from LDAP takes at company size: 20,000 users and 2,000 groups in Debian's slapd, read
// by Atrium's backend as shipped (app-config.yaml plus a `catalog.providers.ldapOrg` entry without a schedule,
// so the module's default applies: hourly, first run 15 s after start). Measures the first sync and a resync
// of the unchanged directory; the resync is started through the catalog's scheduler API ("trigger") rather
// than waiting an hour. Prints a table; no pass/fail. See bench/README.md.
//
//   node bench/ldap-sync.ts [--db sqlite|postgres]    (BENCH_USERS / BENCH_GROUPS override the sizes)
// --db postgres gives the backend a throwaway PostgreSQL cluster (bench/lib/db.ts) with Atrium's production pool
// settings; the default is the embedded SQLite. BENCH_CPU_PROFILE_DIR=<dir> profiles the backend from its start to
// the first sync's last membership (bench/lib/cpuProfile.cjs) into <dir>/ldap-sync-<db>.cpuprofile; read it with
// `node bench/lib/cpuprofile.ts <file>`.
import {
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startBackend, type Backend } from '../tests/lib/backend.ts';
import {
  ldapOrgProviderConfig,
  startSlapd,
  type Slapd,
} from '../tests/lib/ldap.ts';
import { artifactDir } from '../tests/lib/paths.ts';
import { sleep } from '../tests/lib/proc.ts';
import {
  atriumDatabaseConfig,
  startBenchPostgres,
  takeDbArg,
  type BenchPostgres,
} from './lib/db.ts';
import { windowProfile } from './lib/cpuProfiling.ts';
import { generateOrg } from './lib/ldapOrg.ts';
import {
  api,
  diff,
  ldapCounts,
  membershipCounts,
  parseRuns,
  printSyncTable,
  readLogFrom,
  snapshot,
  type CatalogTables,
} from './lib/ldapSyncReads.ts';

const DB = takeDbArg(
  process.argv.slice(2),
  'node bench/ldap-sync.ts [--db DB]',
);
const PG_PREFIX = 'atrium_ldap_';
const profile = windowProfile(`ldap-sync-${DB}`);

const N_USERS = Number(process.env.BENCH_USERS ?? 20_000);
const N_GROUPS = Number(process.env.BENCH_GROUPS ?? 2_000);
const PROVIDER = 'directory';
const TASK_ID = `LdapOrgEntityProvider:${PROVIDER}:refresh`;
const LOCATION_KEY = `ldap-org-provider:${PROVIDER}`;
/** The whole run is bounded: past this, the bench reports what it has, cleans up and exits. */
const BUDGET_MS = 20 * 60_000;
const started = Date.now();
const remaining = () => started + BUDGET_MS - Date.now();

const log = (msg: string) =>
  process.stderr.write(
    `[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}\n`,
  );

async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  intervalMs = 1000,
): Promise<T | undefined> {
  const deadline = Date.now() + Math.min(timeoutMs, remaining());
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch {
      /* not yet */
    }
    await sleep(intervalMs);
  }
  log(`gave up waiting for ${what}`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  let slapd: Slapd | undefined;
  let backend: Backend | undefined;
  let postgres: BenchPostgres | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'atrium-bench-data-'));
  const cleanup = async () => {
    await backend?.stop().catch(() => {});
    await slapd?.stop().catch(() => {});
    await postgres?.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  const hardStop = setTimeout(() => {
    log(`the ${BUDGET_MS / 60_000} min budget is spent; stopping`);
    cleanup().finally(() => process.exit(2));
  }, BUDGET_MS + 60_000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => cleanup().finally(() => process.exit(130)));
  }

  const notes: string[] = [];
  const rows: string[][] = [];
  try {
    log(`generating ${N_USERS} users and ${N_GROUPS} groups`);
    const org = generateOrg(N_USERS, N_GROUPS);
    let t = Date.now();
    slapd = await startSlapd(org.ldif);
    notes.push(
      `slapadd + slapd start: ${((Date.now() - t) / 1000).toFixed(1)} s (${(
        org.ldif.length / 1e6
      ).toFixed(1)} MB LDIF)`,
    );

    if (DB === 'postgres') postgres = await startBenchPostgres();
    const tables: CatalogTables = postgres
      ? { query: sql => postgres!.query(`${PG_PREFIX}catalog`, sql) }
      : { dataDir };
    const configFile = join(dataDir, 'app-config.bench.yaml');
    writeFileSync(
      configFile,
      stringify({
        ...(postgres ? atriumDatabaseConfig(postgres, PG_PREFIX) : {}),
        catalog: {
          providers: {
            ldapOrg: {
              // No schedule: the Atrium module's default (hourly, 15 s initial delay) applies.
              [PROVIDER]: ldapOrgProviderConfig(slapd),
            },
          },
        },
      }),
    );

    log('starting the backend');
    t = Date.now();
    const logFile = join(artifactDir('logs'), 'bench-ldap.log'); // startBackend appends to it
    const logOffset = existsSync(logFile) ? statSync(logFile).size : 0;
    backend = await startBackend({
      name: 'bench-ldap',
      configs: [configFile],
      dataDir,
      timeoutMs: 300_000,
      env: profile ? { NODE_OPTIONS: profile.preload, ...profile.env } : {},
    });
    profile?.start(backend.process.child.pid!);
    notes.push(`backend ready after ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const token = backend.serviceToken;

    const tasks = await api<{
      tasks: Array<{ taskId: string; settings: Record<string, unknown> }>;
    }>(backend, token, '/api/catalog/.backstage/scheduler/v1/tasks');
    const ldapTask =
      tasks.status === 200
        ? tasks.body.tasks.find(x => x.taskId === TASK_ID)
        : undefined;
    notes.push(
      ldapTask
        ? `schedule in effect (catalog scheduler API): ${JSON.stringify(
            ldapTask.settings,
          )}`
        : `scheduler API: ${tasks.status}, task ${TASK_ID} not listed`,
    );

    // ---- first sync
    log('waiting for the first sync (15 s after start by default)');
    const first = await waitUntil(
      'the first sync to commit',
      10 * 60_000,
      async () => {
        const run = parseRuns(readLogFrom(logFile, logOffset)).find(
          r => r.committedAt || r.failed,
        );
        return run;
      },
    );
    if (!first || first.failed)
      throw new Error(`first sync: ${first?.failed ?? 'no commit in time'}`);
    log(
      `first sync committed: ${first.users} users, ${first.groups} groups; waiting for the catalog`,
    );
    let lastCounts = { User: 0, Group: 0 };
    let lastProgress = 0;
    const complete = await waitUntil(
      'the catalog to show every LDAP entity',
      15 * 60_000,
      async () => {
        lastCounts = await ldapCounts(backend!, token);
        if (Date.now() - lastProgress > 30_000) {
          lastProgress = Date.now();
          log(`catalog: ${lastCounts.User} users, ${lastCounts.Group} groups`);
        }
        return lastCounts.User >= first.users! &&
          lastCounts.Group >= first.groups!
          ? Date.now()
          : undefined;
      },
      2000,
    );
    // Relations are stitched after the entities: every user's team membership (each user in a team, every
    // memberOf relation), a team's members and the escaped-DN user's team.
    let lastMemberships = { usersWithTeam: 0, memberships: 0 };
    const related = complete
      ? await waitUntil(
          'every membership to be visible',
          10 * 60_000,
          async () => {
            const teamRes = await api<any>(
              backend!,
              token,
              `/api/catalog/entities/by-name/group/default/${org.sampleTeam.name}`,
            );
            const userRes = await api<any>(
              backend!,
              token,
              `/api/catalog/entities/by-name/user/default/${org.escapedUser.name}`,
            );
            const members = teamRes.body.relations?.filter(
              (r: any) => r.type === 'hasMember',
            ).length;
            const memberOf = (userRes.body.relations ?? [])
              .filter((r: any) => r.type === 'memberOf')
              .map((r: any) => r.targetRef);
            lastMemberships = await membershipCounts(backend!, token);
            if (Date.now() - lastProgress > 30_000) {
              lastProgress = Date.now();
              log(
                `memberships: ${lastMemberships.usersWithTeam} of ${first.users} users in a team, ` +
                  `${lastMemberships.memberships} of ${org.memberships} memberOf relations`,
              );
            }
            return members === org.sampleTeam.members &&
              memberOf.includes(`group:default/${org.escapedUser.team}`) &&
              lastMemberships.usersWithTeam >= first.users! &&
              lastMemberships.memberships >= org.memberships
              ? Date.now()
              : undefined;
          },
          2000,
        )
      : undefined;
    if (profile) {
      notes.push(
        (await profile.stop(backend.process.child.pid!))
          ? `CPU profile, backend start to the last membership: ${profile.file}`
          : 'no CPU profile written within 30 s',
      );
    }
    const secs = (ms?: number) =>
      ms === undefined ? 'n/a' : (ms / 1000).toFixed(1);
    const total = first.users! + first.groups!;
    const visible = lastCounts.User + lastCounts.Group;
    const elapsed = ((complete ?? Date.now()) - first.startedAt!) / 1000;
    const rate = visible / elapsed;
    notes.push(
      complete
        ? `first sync: the catalog made ${total} entities visible at ${rate.toFixed(
            1,
          )} entities/s on average`
        : `first sync: after ${elapsed.toFixed(
            0,
          )} s the catalog showed ${visible} of ${total} entities (${rate.toFixed(
            1,
          )}/s); at that rate all would take about ${(
            total /
            rate /
            60
          ).toFixed(0)} min. The bench stopped waiting (20 min budget).`,
    );
    const firstSnap = await snapshot(tables, LOCATION_KEY);
    /** When every relation was there; else what was, or that the entities never were all there. */
    const relationsCell = () => {
      if (related) return secs(related - first.startedAt!);
      if (complete)
        return `incomplete (${lastMemberships.usersWithTeam} users in a team, ${lastMemberships.memberships}/${org.memberships} memberOf)`;
      return 'n/a (entities incomplete)';
    };
    rows.push([
      'first sync',
      `${first.users} / ${first.groups}`,
      secs(first.readSeconds! * 1000),
      secs(first.commitSeconds! * 1000),
      complete
        ? secs(complete - first.startedAt!)
        : `incomplete (${lastCounts.User}/${lastCounts.Group})`,
      relationsCell(),
      `${firstSnap.rows.size} written (new)`,
      'all (new)',
    ]);

    // ---- resync of the unchanged directory
    // Let the catalog settle a little, so the snapshot before the resync is not mid-stitch.
    await sleep(Math.min(20_000, Math.max(0, remaining() - 60_000)));
    const before = await snapshot(tables, LOCATION_KEY);
    const countsBefore = await ldapCounts(backend, token);
    const resyncOffset = statSync(logFile).size;
    const trigger = await api<unknown>(
      backend,
      token,
      `/api/catalog/.backstage/scheduler/v1/tasks/${encodeURIComponent(
        TASK_ID,
      )}/trigger`,
      { method: 'POST' },
    );
    if (trigger.status !== 200)
      throw new Error(
        `triggering ${TASK_ID}: ${trigger.status} ${JSON.stringify(
          trigger.body,
        )}`,
      );
    notes.push(
      `resync started through POST /api/catalog/.backstage/scheduler/v1/tasks/${TASK_ID}/trigger (instead of waiting an hour)`,
    );
    log('resync triggered');
    const resync = await waitUntil(
      'the resync to commit',
      5 * 60_000,
      async () =>
        parseRuns(readLogFrom(logFile, resyncOffset)).find(
          r => r.committedAt || r.failed,
        ),
    );
    if (!resync || resync.failed)
      throw new Error(`resync: ${resync?.failed ?? 'no commit in time'}`);
    // Give the catalog's processing loop the time it would need to act on anything the resync wrote.
    const settleMs = Math.min(30_000, Math.max(0, remaining() - 30_000));
    await sleep(settleMs);
    const after = await snapshot(tables, LOCATION_KEY);
    const countsAfter = await ldapCounts(backend, token);
    const d = diff(before, after);
    rows.push([
      'resync, no change',
      `${resync.users} / ${resync.groups}`,
      secs(resync.readSeconds! * 1000),
      secs(resync.commitSeconds! * 1000),
      countsAfter.User === countsBefore.User &&
      countsAfter.Group === countsBefore.Group
        ? 'all the time (0)'
        : `changed: ${JSON.stringify(countsBefore)} -> ${JSON.stringify(
            countsAfter,
          )}`,
      '-',
      `${d.rediscovered} rewritten, ${d.added} added, ${d.removed} removed`,
      `${d.restitched}`,
    ]);
    if (!complete) {
      notes.push(
        'the resync ran while the catalog was still processing the first sync, so "final entities re-stitched" ' +
          'includes that first processing; "refresh_state rows written" is the resync alone.',
      );
    }
    notes.push(
      `resync window (commit + ${settleMs / 1000} s): ${d.processed} of ${
        after.rows.size
      } LDAP entities went through the catalog's ` +
        `periodic processing loop (it re-processes every entity every 100-150 s, whoever provides it); ` +
        `${d.rehashed} changed unprocessed hashes; ${d.restitched} final entities changed.`,
    );
  } catch (error) {
    notes.push(
      `stopped early: ${error instanceof Error ? error.message : error}`,
    );
  } finally {
    clearTimeout(hardStop);
    await cleanup();
  }

  printSyncTable({
    title: `LDAP org sync: ${N_USERS} users, ${N_GROUPS} groups (slapd on loopback, ${
      postgres ? `PostgreSQL ${postgres.version}` : 'SQLite'
    }, Node ${process.version})`,
    rows,
    notes: [
      ...notes,
      `total bench time: ${((Date.now() - started) / 1000).toFixed(0)} s`,
    ],
  });
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
