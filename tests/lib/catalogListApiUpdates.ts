/**
 * The catalog list API's answers to what changes (run inside tests/lib/catalogListApiSuite.ts's suite, on its
 * backend): text search taking its characters literally, a star set through the user-settings API, and an
 * entity added or removed once the change watcher has seen it. They leave the catalog and Alice's stars as
 * they found them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asCounts } from './catalogListApiOracle.ts';
import type { CatalogListApi } from './catalogListApi.ts';
import {
  testComponent,
  writeTestComponents,
  type CatalogListBackend,
} from './catalogListFixture.ts';
import { refreshEntity } from './backend.ts';
import { waitFor } from './proc.ts';

/** Registers the tests in the caller's `describe`, with its API helpers. */
export function catalogListApiUpdateTests(
  api: CatalogListApi,
  fixture: CatalogListBackend,
) {
  const { backend, gql, list, setStars } = api;

  test('text search takes %, _ and HTML literally', async () => {
    const names = async (text: string) =>
      (await list('alice.nakamura', { filter: { text }, first: 100 })).items
        .map((i: any) => i.entity.name)
        .sort();
    assert.deepEqual(await names('50%'), ['cl-percent']);
    assert.deepEqual(await names('%'), ['cl-percent']);
    assert.deepEqual(await names('snake_case'), ['cl_snake']);
    assert.deepEqual(await names('cl_'), ['cl_snake']);
    // cl-ui-probe, the browser suites' probe, holds it in its title too.
    assert.deepEqual(await names('<script>alert(1)</script>'), [
      'cl-html',
      'cl-ui-probe',
    ]);
    const html = await list('alice.nakamura', {
      filter: { text: '<script>' },
    });
    assert.equal(
      html.items[0].entity.title,
      '<script>alert(1)</script> Widget',
    );
    assert.equal(html.totalCount, 2);
    assert.equal(asCounts(html.facets.type).website, 1);
  });

  test('a star set through the user-settings API shows in the next answer', async () => {
    await setStars('alice.nakamura', []);
    const variables = { filter: { starred: true } };
    const none = await list('alice.nakamura', variables);
    assert.equal(none.totalCount, 0);
    assert.equal((await gql('alice.nakamura', variables)).cache, 'hit');
    await setStars('alice.nakamura', ['component:default/cl-percent']);
    const one = await gql('alice.nakamura', variables);
    assert.notEqual(one.cache, 'hit');
    assert.deepEqual(
      one.body.data.catalog.items.map((i: any) => [i.entity.name, i.starred]),
      [['cl-percent', true]],
    );
    const all = await list('alice.nakamura', { first: 100 });
    assert.equal(all.facets.starred, 1);
    await setStars('alice.nakamura', []);
    assert.equal((await list('alice.nakamura', variables)).totalCount, 0);
  });

  test('an entity added or removed shows in the next answer once the change watcher has seen it', async () => {
    // Names only: nothing in the answer but the list itself changes when an entity is added (no owner, whose
    // relations would change too), so only the list's own dependency can drop it.
    const names = `query Names($filter: CatalogFilter, $first: Int) {
      catalog(filter: $filter, first: $first) { totalCount items { entity { name } } }
    }`;
    const variables = { filter: { text: 'cl-' }, first: 100 };
    const initial = await list('bob.okafor', variables, names);
    assert.equal((await gql('bob.okafor', variables, names)).cache, 'hit');
    const refresh = () =>
      refreshEntity(backend(), 'component:default/cl-percent');
    const inCatalog = async (present: boolean) =>
      waitFor(
        `the catalog to ${present ? 'hold' : 'drop'} cl-new`,
        async () => {
          const res = await fetch(
            `${
              backend().baseUrl
            }/api/catalog/entities/by-name/component/default/cl-new`,
            {
              headers: { authorization: `Bearer ${backend().serviceToken}` },
            },
          );
          return (res.status === 200) === present ? true : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      );
    const namesOf = (page: any) => page.items.map((i: any) => i.entity.name);
    /** Bob's list once it shows cl-new, or once it no longer does. */
    const listShowing = (present: boolean) =>
      waitFor(
        `the list to ${present ? 'show' : 'drop'} cl-new`,
        async () => {
          const page = await list('bob.okafor', variables, names);
          return namesOf(page).includes('cl-new') === present
            ? page
            : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 250 },
      );

    writeTestComponents(fixture, [
      testComponent('cl-new', { description: 'added by the test' }),
    ]);
    await refresh();
    await inCatalog(true);
    // The watcher polls every second here: bounded well above that.
    const added = await listShowing(true);
    assert.equal(added.totalCount, initial.totalCount + 1);

    writeTestComponents(fixture);
    await refresh();
    await inCatalog(false);
    const removed = await listShowing(false);
    assert.equal(removed.totalCount, initial.totalCount);
  });
}
