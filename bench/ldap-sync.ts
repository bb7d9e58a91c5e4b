// How long the org sync from LDAP takes at company size: 20,000 users and 2,000 groups in Debian's slapd, read
// by Atrium's backend as shipped (app-config.yaml plus a `catalog.providers.ldapOrg` entry without a schedule,
// so the module's default applies: hourly, first run 15 s after start). Measures the first sync and a resync
// of the unchanged directory; the resync is started through the catalog's scheduler API ("trigger") rather
// than waiting an hour. Prints a table; no pass/fail. See bench/README.md.
//
//   node bench/ldap-sync.ts            (BENCH_USERS / BENCH_GROUPS override the sizes)
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startBackend, type Backend } from '../tests/lib/backend.ts';
import {
  attr,
  escapeRdnValue,
  GROUPS,
  LDAP_BASE_ENTRIES,
  ldapOrgProviderConfig,
  ldifOf,
  PEOPLE,
  startSlapd,
  type Slapd,
} from '../tests/lib/ldap.ts';
import { artifactDir } from '../tests/lib/paths.ts';
import { sleep } from '../tests/lib/proc.ts';

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

// ---------------------------------------------------------------------------------------------------------
// The directory: divisions > departments > teams (nesting through `member` DNs of child groups, as the demo
// org does), users in one team each and every tenth user in a second one. A few users have a comma in their
// RDN, so their DN needs the module's normalisation to keep their memberships.

interface Org {
  ldif: string;
  /** A team and how many users it holds, to check relations once the catalog is complete. */
  sampleTeam: { name: string; members: number };
  /** A user whose DN has an escaped comma, and its first team. */
  escapedUser: { name: string; team: string };
  /** Users' team memberships in all (a user in two teams counts twice): the memberOf relations to expect. */
  memberships: number;
}

function generateOrg(nUsers: number, nGroups: number): Org {
  const nDivisions = Math.max(1, Math.round(nGroups * 0.005));
  const nDepartments = Math.max(1, Math.round(nGroups * 0.095));
  const nTeams = nGroups - nDivisions - nDepartments;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const division = (i: number) => `div-${pad(i + 1, 3)}`;
  const department = (i: number) => `dept-${pad(i + 1, 4)}`;
  const team = (i: number) => `team-${pad(i + 1, 5)}`;
  const groupDn = (cn: string) => `cn=${cn},${GROUPS}`;

  const out: string[] = [ldifOf(LDAP_BASE_ENTRIES).trimEnd()];
  const teamMembers: string[][] = Array.from({ length: nTeams }, () => []);
  let escapedUser = { name: '', team: '' };
  for (let i = 0; i < nUsers; i++) {
    const uid = `user.${pad(i + 1, 6)}`;
    const first = [
      'Ana',
      'Bo',
      'Chidi',
      'Dörte',
      'Emre',
      'Fatima',
      'Goran',
      'Hiroko',
    ][i % 8];
    const last = `Person${i + 1}`;
    // One user in a thousand is named by cn "Last, First" (an escaped comma in the DN), the others by uid.
    const escaped = i % 1000 === 5;
    const dn = escaped
      ? `cn=${escapeRdnValue(`${last}, ${first}`)},${PEOPLE}`
      : `uid=${uid},${PEOPLE}`;
    out.push(
      [
        `dn: ${dn}`,
        'objectClass: inetOrgPerson',
        attr('uid', uid),
        attr('cn', escaped ? `${last}, ${first}` : `${first} ${last}`),
        attr('sn', last),
        attr('mail', `${uid}@larkspur.example`),
      ].join('\n'),
    );
    teamMembers[i % nTeams].push(dn);
    if (i % 10 === 0) teamMembers[(i * 7 + 3) % nTeams].push(dn);
    if (escaped && !escapedUser.name)
      escapedUser = { name: uid, team: team(i % nTeams) };
  }
  const group = (cn: string, type: string, members: string[]) =>
    [
      `dn: ${groupDn(cn)}`,
      'objectClass: groupOfNames',
      `cn: ${cn}`,
      `businessCategory: ${type}`,
      ...[...new Set(members)].map(m => `member: ${m}`),
    ].join('\n');
  const children = (n: number, parents: number) => {
    const byParent: number[][] = Array.from({ length: parents }, () => []);
    for (let i = 0; i < n; i++) byParent[i % parents].push(i);
    return byParent;
  };
  const deptTeams = children(nTeams, nDepartments);
  const divDepts = children(nDepartments, nDivisions);
  for (let t = 0; t < nTeams; t++) {
    // groupOfNames needs a member: a team without users gets its department's first team... never happens at
    // the default sizes (11 users a team); guard anyway with the first user.
    out.push(
      group(
        team(t),
        'team',
        teamMembers[t].length ? teamMembers[t] : [`uid=user.000001,${PEOPLE}`],
      ),
    );
  }
  for (let d = 0; d < nDepartments; d++) {
    out.push(
      group(
        department(d),
        'department',
        deptTeams[d].length
          ? deptTeams[d].map(t => groupDn(team(t)))
          : [`uid=user.000001,${PEOPLE}`],
      ),
    );
  }
  for (let v = 0; v < nDivisions; v++) {
    out.push(
      group(
        division(v),
        'division',
        divDepts[v].length
          ? divDepts[v].map(d => groupDn(department(d)))
          : [`uid=user.000001,${PEOPLE}`],
      ),
    );
  }
  return {
    ldif: out.join('\n\n') + '\n',
    memberships: teamMembers.reduce((n, m) => n + new Set(m).size, 0),
    sampleTeam: {
      name: team(nTeams - 1),
      members: new Set(teamMembers[nTeams - 1]).size,
    },
    escapedUser,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Reading the backend: its log (the provider's own timings), the catalog API and, for what the catalog did with
// each entity, its SQLite database (read-only).

interface SyncRun {
  startedAt?: number;
  users?: number;
  groups?: number;
  readSeconds?: number;
  commitSeconds?: number;
  committedAt?: number;
  failed?: string;
}

const ANSI = /\x1b\[[0-9;]*m/g;

function readLogFrom(file: string, offset: number): string {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const buffer = Buffer.alloc(Math.max(0, size - offset));
    readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.toString('utf8').replace(ANSI, '');
  } finally {
    closeSync(fd);
  }
}

/** The provider's runs in a stretch of log, from its "Reading", "Read ... in X seconds" and "Committed" lines. */
function parseRuns(text: string): SyncRun[] {
  const runs: SyncRun[] = [];
  for (const l of text.split('\n')) {
    if (!l.includes(`LdapOrgEntityProvider`)) continue;
    const at = Date.parse(l.split(' ')[0]);
    let m: RegExpExecArray | null;
    if (/Reading LDAP users and groups/.test(l)) {
      runs.push({ startedAt: at });
    } else if (
      (m =
        /Read (\d+) LDAP users and (\d+) LDAP groups in ([\d.]+) seconds/.exec(
          l,
        ))
    ) {
      const run = runs.at(-1) ?? (runs.push({}), runs.at(-1)!);
      Object.assign(run, { users: +m[1], groups: +m[2], readSeconds: +m[3] });
    } else if (
      (m =
        /Committed \d+ LDAP users and \d+ LDAP groups in ([\d.]+) seconds/.exec(
          l,
        ))
    ) {
      const run = runs.at(-1) ?? (runs.push({}), runs.at(-1)!);
      Object.assign(run, { commitSeconds: +m[1], committedAt: at });
    } else if (/refresh failed/.test(l)) {
      const run = runs.at(-1) ?? (runs.push({}), runs.at(-1)!);
      run.failed = l.slice(0, 300);
    }
  }
  return runs;
}

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

async function api<T>(
  backend: Backend,
  token: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${backend.baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

/** Users and groups that came from LDAP (they carry the provider's DN annotation), by kind. */
async function ldapCounts(
  backend: Backend,
  token: string,
): Promise<{ User: number; Group: number }> {
  const { status, body } = await api<{
    facets: { kind: Array<{ value: string; count: number }> };
  }>(
    backend,
    token,
    `/api/catalog/entity-facets?facet=kind&filter=${encodeURIComponent(
      'metadata.annotations.backstage.io/ldap-dn',
    )}`,
  );
  if (status !== 200) throw new Error(`facets: ${status}`);
  const counts = Object.fromEntries(
    body.facets.kind.map(f => [f.value, f.count]),
  );
  return { User: counts.User ?? 0, Group: counts.Group ?? 0 };
}

/**
 * Every user's team membership as the catalog API shows it: how many LDAP users have at least one `memberOf`
 * relation (`by-query` with an existence filter, its totalItems) and how many `memberOf` relations users hold
 * in all (the sum of the `relations.memberOf` facet's counts). Two requests, whatever the org's size.
 */
async function membershipCounts(
  backend: Backend,
  token: string,
): Promise<{ usersWithTeam: number; memberships: number }> {
  const ldapUsers = 'kind=user,metadata.annotations.backstage.io/ldap-dn';
  const query = await api<{ totalItems: number }>(
    backend,
    token,
    `/api/catalog/entities/by-query?limit=1&fields=metadata.name&filter=${encodeURIComponent(
      `${ldapUsers},relations.memberOf`,
    )}`,
  );
  if (query.status !== 200) throw new Error(`by-query: ${query.status}`);
  const facets = await api<{
    facets: Record<string, Array<{ value: string; count: number }>>;
  }>(
    backend,
    token,
    `/api/catalog/entity-facets?facet=relations.memberOf&filter=${encodeURIComponent(
      ldapUsers,
    )}`,
  );
  if (facets.status !== 200) throw new Error(`facets: ${facets.status}`);
  return {
    usersWithTeam: query.body.totalItems,
    memberships: (facets.body.facets['relations.memberOf'] ?? []).reduce(
      (n, f) => n + f.count,
      0,
    ),
  };
}

interface Snapshot {
  /** entity_ref -> [last_discovery_at, unprocessed_hash, next_update_at, final hash, final last_updated_at] */
  rows: Map<string, [string, string, string, string, string]>;
}

async function openCatalogDb(dataDir: string) {
  // node:sqlite is still flagged experimental in Node 22; the warning adds nothing here.
  process.removeAllListeners('warning');
  const { DatabaseSync } = await import('node:sqlite');
  return new DatabaseSync(join(dataDir, 'sqlite', 'catalog.sqlite'), {
    readOnly: true,
  });
}

async function snapshot(dataDir: string): Promise<Snapshot> {
  for (let attempt = 1; ; attempt++) {
    try {
      const db = await openCatalogDb(dataDir);
      try {
        const rows = db
          .prepare(
            `select r.entity_ref as ref, r.last_discovery_at as discovered, r.unprocessed_hash as uhash,
                    r.next_update_at as next, f.hash as fhash, f.last_updated_at as fupdated
               from refresh_state r left join final_entities f on f.entity_id = r.entity_id
              where r.location_key = ?`,
          )
          .all(LOCATION_KEY) as Array<Record<string, string>>;
        return {
          rows: new Map(
            rows.map(r => [
              r.ref,
              [r.discovered, r.uhash, r.next, r.fhash ?? '', r.fupdated ?? ''],
            ]),
          ),
        };
      } finally {
        db.close();
      }
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(250); // the backend holds a write lock for a moment
    }
  }
}

function diff(before: Snapshot, after: Snapshot) {
  let rediscovered = 0; // written by the provider's mutation (last_discovery_at bumped)
  let rehashed = 0; // unprocessed entity changed
  let processed = 0; // processed by the catalog's loop (next_update_at moved)
  let restitched = 0; // final entity changed (hash or last_updated_at)
  let added = 0;
  for (const [ref, a] of after.rows) {
    const b = before.rows.get(ref);
    if (!b) {
      added++;
      continue;
    }
    if (a[0] !== b[0]) rediscovered++;
    if (a[1] !== b[1]) rehashed++;
    if (a[2] !== b[2]) processed++;
    if (a[3] !== b[3] || a[4] !== b[4]) restitched++;
  }
  const removed = [...before.rows.keys()].filter(
    r => !after.rows.has(r),
  ).length;
  return { rediscovered, rehashed, processed, restitched, added, removed };
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  let slapd: Slapd | undefined;
  let backend: Backend | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'atrium-bench-data-'));
  const cleanup = async () => {
    await backend?.stop().catch(() => {});
    await slapd?.stop().catch(() => {});
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

    const configFile = join(dataDir, 'app-config.bench.yaml');
    writeFileSync(
      configFile,
      stringify({
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
    });
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
    const firstSnap = await snapshot(dataDir);
    rows.push([
      'first sync',
      `${first.users} / ${first.groups}`,
      secs(first.readSeconds! * 1000),
      secs(first.commitSeconds! * 1000),
      complete
        ? secs(complete - first.startedAt!)
        : `incomplete (${lastCounts.User}/${lastCounts.Group})`,
      related
        ? secs(related - first.startedAt!)
        : complete
        ? `incomplete (${lastMemberships.usersWithTeam} users in a team, ${lastMemberships.memberships}/${org.memberships} memberOf)`
        : 'n/a (entities incomplete)',
      `${firstSnap.rows.size} written (new)`,
      'all (new)',
    ]);

    // ---- resync of the unchanged directory
    // Let the catalog settle a little, so the snapshot before the resync is not mid-stitch.
    await sleep(Math.min(20_000, Math.max(0, remaining() - 60_000)));
    const before = await snapshot(dataDir);
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
    const after = await snapshot(dataDir);
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

  const header = [
    'run',
    'users / groups read',
    'read (s)',
    'commit (s)',
    'until catalog shows all (s)',
    'until every membership visible (s)',
    'refresh_state rows written',
    'final entities re-stitched',
  ];
  const table = [header, ...rows];
  const widths = header.map((_, i) =>
    Math.max(...table.map(r => (r[i] ?? '').length)),
  );
  const fmt = (r: string[]) =>
    `| ${r.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  console.log(
    `\nLDAP org sync: ${N_USERS} users, ${N_GROUPS} groups (slapd on loopback, SQLite, Node ${process.version})\n`,
  );
  console.log(fmt(header));
  console.log(`|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(fmt(r));
  console.log(
    '\nTimes "until catalog shows all" / "every membership visible" count from the start of the sync (its "Reading LDAP users and groups" log line); ' +
      'a membership is visible when every LDAP user has a memberOf relation and users hold as many as the directory has (issue 16: ≤ 300 s).',
  );
  for (const n of notes) console.log(`- ${n}`);
  console.log(
    `- total bench time: ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
