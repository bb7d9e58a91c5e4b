import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CatalogChangeRecorder,
  changedPaths,
  fingerprintOf,
} from './CatalogChangeRecorder';

const component = (
  name: string,
  etag: string,
  spec: NonNullable<Entity['spec']>,
  extra: Partial<Entity['metadata']> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', etag, ...extra },
  spec,
  relations: [
    { type: 'ownedBy', targetRef: `group:default/${String(spec.owner)}` },
  ],
});

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));
const all = { from: at(0), to: at(59), limit: 100 };

describe('the catalog change recorder (over catalogServiceMock)', () => {
  // SQLite always; PostgreSQL where BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING names one (no Docker).
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_16'],
    disableDocker: true,
  });

  it.each(databases.eachSupportedId())(
    'records nothing on the baseline, then what changed, what is new and what is gone (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const auth = mockServices.auth();
      // Each pass reads the catalog as it then is; the recorder's state is in the database.
      const recorderOver = (entities: Entity[]) =>
        CatalogChangeRecorder.create({
          knex,
          auth,
          catalog: catalogServiceMock({ entities }),
        });

      const gateway = component(
        'gateway',
        'e1',
        { type: 'service', owner: 'payments', lifecycle: 'production' },
        { description: 'Takes payments' },
      );
      const ledger = component('ledger', 'l1', {
        type: 'service',
        owner: 'payments',
      });
      const first = await recorderOver([gateway, ledger]);
      expect(await first.pass(at(1))).toEqual({
        baseline: true,
        registered: 0,
        changed: 0,
        removed: 0,
      });
      expect(await first.list('component:default/gateway', all)).toEqual([]);

      // Nothing changed: nothing recorded.
      expect(await first.pass(at(2))).toMatchObject({
        baseline: false,
        changed: 0,
      });

      const moved = component(
        'gateway',
        'e2',
        { type: 'service', owner: 'fleet', lifecycle: 'production' },
        { description: 'Takes payments and refunds' },
      );
      // A new etag with the same content (a refresh) records nothing either.
      const refreshedLedger = {
        ...ledger,
        metadata: { ...ledger.metadata, etag: 'l2' },
      };
      const search = component('search', 's1', {
        type: 'website',
        owner: 'web',
      });
      const second = await recorderOver([moved, refreshedLedger, search]);
      expect(await second.pass(at(3))).toEqual({
        baseline: false,
        registered: 1,
        changed: 1,
        removed: 0,
      });
      const changes = await second.list('component:default/gateway', all);
      expect(changes).toEqual([
        {
          id: expect.any(String),
          kind: 'catalog-change',
          at: at(3).toISOString(),
          title: 'spec.owner, metadata.description, relations changed',
          detail:
            'spec.owner: fleet; metadata.description: Takes payments and refunds; relations changed',
        },
      ]);
      expect(await second.list('component:default/ledger', all)).toEqual([]);
      expect(
        (await second.list('component:default/search', all)).map(e => e.title),
      ).toEqual(['Registered in the catalog']);

      const third = await recorderOver([moved]);
      expect(await third.pass(at(4))).toEqual({
        baseline: false,
        registered: 0,
        changed: 0,
        removed: 2,
      });
      expect(
        (await third.list('component:default/ledger', all)).map(e => e.title),
      ).toEqual(['Removed from the catalog']);
      // Newest first, within the range asked, up to the limit.
      const gone = await third.list('component:default/search', all);
      expect(gone.map(e => e.title)).toEqual([
        'Removed from the catalog',
        'Registered in the catalog',
      ]);
      expect(
        await third.list('component:default/search', {
          from: at(0),
          to: at(3),
          limit: 10,
        }),
      ).toHaveLength(1);
      expect(
        await third.list('component:default/search', { ...all, limit: 1 }),
      ).toHaveLength(1);
      await knex.destroy();
    },
  );

  it('fingerprints top-level fields and names the ones that differ, spec first', () => {
    const a = fingerprintOf(
      component('x', '1', { owner: 'a', type: 'service' }, { tags: ['x'] }),
    );
    const b = fingerprintOf(
      component(
        'x',
        '2',
        { owner: 'a', type: 'library', system: 'pay' },
        { tags: ['x', 'y'] },
      ),
    );
    expect(Object.keys(a).sort()).toEqual([
      'metadata.tags',
      'relations',
      'spec.owner',
      'spec.type',
    ]);
    expect(changedPaths(a, b)).toEqual([
      'spec.system',
      'spec.type',
      'metadata.tags',
    ]);
    // Key order in objects and relation order do not count as changes.
    expect(
      fingerprintOf({
        ...component('x', '1', { b: { y: 1, x: 2 }, owner: 'a' }),
      }),
    ).toEqual(
      fingerprintOf(component('x', '1', { owner: 'a', b: { x: 2, y: 1 } })),
    );
  });
});
