// What bench/ldap-sync.ts reads of the backend: its log (the provider's own timings), the catalog API and, for
// what the catalog did with each entity, its SQLite database (read-only).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../../tests/lib/backend.ts';
import { api as jsonCall } from '../../tests/lib/compute.ts';
import { sleep } from '../../tests/lib/proc.ts';
import { printTable } from './util.ts';

// ---------------------------------------------------------------------------------------------------------
// Reading the backend: its log (the provider's own timings), the catalog API and, for what the catalog did with
// each entity, its SQLite database (read-only).

export interface SyncRun {
  startedAt?: number;
  users?: number;
  groups?: number;
  readSeconds?: number;
  commitSeconds?: number;
  committedAt?: number;
  failed?: string;
}

// eslint-disable-next-line no-control-regex -- the terminal colour codes in the backend's log
export const ANSI = /\x1b\[[0-9;]*m/g;

export function readLogFrom(file: string, offset: number): string {
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
export function parseRuns(text: string): SyncRun[] {
  const runs: SyncRun[] = [];
  for (const l of text.split('\n')) {
    if (!l.includes(`LdapOrgEntityProvider`)) continue;
    const at = Date.parse(l.split(' ')[0]);
    const read =
      /Read (\d+) LDAP users and (\d+) LDAP groups in ([\d.]+) seconds/.exec(l);
    const committed =
      /Committed \d+ LDAP users and \d+ LDAP groups in ([\d.]+) seconds/.exec(
        l,
      );
    if (/Reading LDAP users and groups/.test(l)) {
      runs.push({ startedAt: at });
    } else if (read) {
      const run = runs.at(-1) ?? (runs.push({}), runs.at(-1)!);
      Object.assign(run, {
        users: +read[1],
        groups: +read[2],
        readSeconds: +read[3],
      });
    } else if (committed) {
      const run = runs.at(-1) ?? (runs.push({}), runs.at(-1)!);
      Object.assign(run, { commitSeconds: +committed[1], committedAt: at });
    } else if (/refresh failed/.test(l)) {
      const run = runs.at(-1) ?? (runs.push({}), runs.at(-1)!);
      run.failed = l.slice(0, 300);
    }
  }
  return runs;
}

/** A JSON call to the backend as `token` (the tests' `api`), its body typed. */
export function api<T>(
  backend: Backend,
  token: string,
  path: string,
  init: { method?: string } = {},
): Promise<{ status: number; body: T }> {
  return jsonCall(backend.baseUrl, token, path, init);
}

/** Users and groups that came from LDAP (they carry the provider's DN annotation), by kind. */
export async function ldapCounts(
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
export async function membershipCounts(
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

export interface Snapshot {
  /** entity_ref -> [last_discovery_at, unprocessed_hash, next_update_at, final hash, final last_updated_at] */
  rows: Map<string, [string, string, string, string, string]>;
}

export async function openCatalogDb(dataDir: string) {
  // node:sqlite is still flagged experimental in Node 22; the warning adds nothing here.
  process.removeAllListeners('warning');
  const { DatabaseSync } = await import('node:sqlite');
  return new DatabaseSync(join(dataDir, 'sqlite', 'catalog.sqlite'), {
    readOnly: true,
  });
}

/**
 * Where the bench reads the catalog's tables: the SQLite file in the backend's data folder, or, on PostgreSQL, a
 * query function (psql's unaligned output: one row a line, columns separated by `|`) on the catalog's database.
 */
export type CatalogTables =
  | { dataDir: string }
  | { query: (sql: string) => Promise<string> };

const SNAPSHOT_SQL = `select r.entity_ref as ref, r.last_discovery_at as discovered, r.unprocessed_hash as uhash,
        r.next_update_at as next, f.hash as fhash, f.last_updated_at as fupdated
   from refresh_state r left join final_entities f on f.entity_id = r.entity_id
  where r.location_key = ?`;

/** The catalog's refresh state and final entities of what the provider `locationKey` wrote. */
export async function snapshot(
  tables: CatalogTables,
  locationKey: string,
): Promise<Snapshot> {
  if ('query' in tables) {
    const out = await tables.query(
      SNAPSHOT_SQL.replace('?', `'${locationKey.replace(/'/g, "''")}'`),
    );
    return {
      rows: new Map(
        out
          .split('\n')
          .filter(Boolean)
          .map(line => {
            const [ref, discovered, uhash, next, fhash, fupdated] =
              line.split('|');
            return [ref, [discovered, uhash, next, fhash, fupdated]];
          }),
      ),
    };
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const db = await openCatalogDb(tables.dataDir);
      try {
        const rows = db.prepare(SNAPSHOT_SQL).all(locationKey) as Array<
          Record<string, string>
        >;
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

export function diff(before: Snapshot, after: Snapshot) {
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

/** bench/ldap-sync.ts's result: one row per sync run, then what the times mean, then the run's notes. */
export function printSyncTable(result: {
  title: string;
  rows: string[][];
  notes: string[];
}): void {
  console.log(`\n${result.title}\n`);
  printTable(
    [
      'run',
      'users / groups read',
      'read (s)',
      'commit (s)',
      'until catalog shows all (s)',
      'until every membership visible (s)',
      'refresh_state rows written',
      'final entities re-stitched',
    ],
    result.rows,
  );
  console.log(
    '\nTimes "until catalog shows all" / "every membership visible" count from the start of the sync (its "Reading LDAP users and groups" log line); ' +
      'a membership is visible when every LDAP user has a memberOf relation and users hold as many as the directory has (issue 16: ≤ 300 s).',
  );
  for (const n of result.notes) console.log(`- ${n}`);
}
