import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { CatalogChangeLog } from './ChangeLog';

/** The catalog's own tables, by the catalog's own migrations. */
async function migrateCatalog(knex: Knex) {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@backstage/plugin-catalog-backend',
      'migrations',
    ),
  });
}

/** What stitching does: insert or update the final_entities row (refresh_state first, for the foreign key). */
async function stitch(knex: Knex, refs: string[], hash: string) {
  for (let i = 0; i < refs.length; i += 200) {
    const chunk = refs.slice(i, i + 200);
    await knex('refresh_state')
      .insert(
        chunk.map(ref => ({
          entity_id: `id-${ref}`,
          entity_ref: ref,
          unprocessed_entity: '{}',
          errors: '[]',
          next_update_at: knex.fn.now(),
          last_discovery_at: knex.fn.now(),
        })),
      )
      .onConflict('entity_id')
      .ignore();
    await knex('final_entities')
      .insert(
        chunk.map(ref => ({
          entity_id: `id-${ref}`,
          entity_ref: ref,
          final_entity: JSON.stringify({ ref, hash }),
          hash,
        })),
      )
      .onConflict('entity_id')
      .merge(['final_entity', 'hash']);
  }
}

/** Counts the statements a function sends. */
async function counted<T>(knex: Knex, fn: () => Promise<T>) {
  let queries = 0;
  const onQuery = () => {
    queries += 1;
  };
  knex.on('query', onQuery);
  try {
    return { result: await fn(), queries };
  } finally {
    knex.off('query', onQuery);
  }
}

describe('the catalog change log (triggers on the catalog’s final_entities)', () => {
  // SQLite always; PostgreSQL where BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING names one (no Docker).
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_16'],
    disableDocker: true,
  });

  it.each(databases.eachSupportedId())(
    'names what was stitched, changed or removed since a cursor, and nothing at rest (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateCatalog(knex);
      const log = new CatalogChangeLog(knex);

      const first = await log.read();
      expect(first).toMatchObject({ refs: [], reset: true });

      await stitch(knex, ['component:default/a', 'component:default/b'], 'h1');
      const created = await log.read(first.cursor);
      expect(created.reset).toBe(false);
      expect(created.refs.sort()).toEqual([
        'component:default/a',
        'component:default/b',
      ]);

      // Re-stitched with the same hash: the catalog rewrites nothing that shows, so nothing is named.
      await knex('final_entities')
        .where('entity_ref', 'component:default/a')
        .update({ hash: 'h1' });
      const same = await log.read(created.cursor);
      expect(same).toMatchObject({ refs: [], reset: false });

      await stitch(knex, ['component:default/a'], 'h2');
      const changed = await log.read(same.cursor);
      expect(changed.refs).toEqual(['component:default/a']);

      // Removal as the catalog does it (unregister, orphans, providers): the refresh_state row, by cascade.
      await knex('refresh_state')
        .where('entity_ref', 'component:default/b')
        .delete();
      expect(
        await knex('final_entities').where('entity_ref', 'component:default/b'),
      ).toEqual([]);
      const removed = await log.read(changed.cursor);
      expect(removed.refs).toEqual(['component:default/b']);

      // Read again from the same cursor: the same answer (a consumer that failed halfway may retry).
      expect((await log.read(changed.cursor)).refs).toEqual([
        'component:default/b',
      ]);
      expect(await log.read(removed.cursor)).toMatchObject({
        refs: [],
        reset: false,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'a read at rest costs the same few queries with 20 or 3,000 entities (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateCatalog(knex);
      const log = new CatalogChangeLog(knex);
      let cursor = (await log.read()).cursor;

      const atRest = async () => {
        const { result, queries } = await counted(knex, () => log.read(cursor));
        expect(result).toMatchObject({ refs: [], reset: false });
        cursor = result.cursor;
        return queries;
      };

      const refs = (n: number, from = 0) =>
        Array.from({ length: n }, (_, i) => `component:default/c${from + i}`);
      await stitch(knex, refs(20), 'h1');
      cursor = (await log.read(cursor)).cursor;
      const small = await atRest();

      await stitch(knex, refs(2980, 20), 'h1');
      const page = await log.read(cursor);
      expect(page.refs).toHaveLength(2980);
      cursor = page.cursor;
      const large = await atRest();

      expect(small).toBeLessThanOrEqual(3);
      expect(large).toBe(small);

      // One change among 3,000: named alone.
      await stitch(knex, ['component:default/c1234'], 'h2');
      const { result, queries } = await counted(knex, () => log.read(cursor));
      expect(result.refs).toEqual(['component:default/c1234']);
      expect(queries).toBe(small);
    },
  );

  it.each(databases.eachSupportedId())(
    'answers with a reset for a cursor it cannot serve: none, malformed, expired, or too many changes (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateCatalog(knex);
      const log = new CatalogChangeLog(knex, {
        retentionMs: 3600_000,
        maxRefs: 10,
      });
      const now = Date.now();
      const { cursor } = await log.read(undefined, now);
      expect((await log.read('nonsense', now)).reset).toBe(true);
      // Older than half the retention: rows after it may have been pruned.
      expect((await log.read(cursor, now + 1800_001)).reset).toBe(true);
      expect((await log.read(cursor, now + 60_000)).reset).toBe(false);

      await stitch(
        knex,
        Array.from({ length: 11 }, (_, i) => `component:default/m${i}`),
        'h1',
      );
      const tooMany = await log.read(cursor, now);
      expect(tooMany).toMatchObject({ refs: [], reset: true });
      // The reset's cursor is taken now: what follows is read from there.
      await stitch(knex, ['component:default/m0'], 'h2');
      expect((await log.read(tooMany.cursor, now)).refs).toEqual([
        'component:default/m0',
      ]);

      // Pruning removes old rows only.
      expect(await log.prune(now + 3600_000 + 120_000)).toBeGreaterThan(0);
      expect(await log.prune(now)).toBe(0);
    },
  );
});
