/**
 * The catalog list's API (`catalog` in the GraphQL gateway), end to end on the real backend: the demo catalog on
 * SQLite plus the test file of components (tests/lib/catalogListFixture.ts: owners-only ones, and some with `%`,
 * `_` and HTML in their text), users signed in through the embedded OpenID provider, stars set through the
 * user-settings API where the frontend's starredEntitiesApi keeps them (bucket `default.starredEntities`). Every
 * count is checked against what the catalog itself returns to the same user (its REST API with their token).
 * Run by tests/catalog-list.test.ts on its shared backend; it leaves the catalog and Alice's stars as it found
 * them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  asCounts,
  countBy,
  lower,
  matches,
  ownerOf,
  refOf,
  type Filter,
} from './catalogListApiOracle.ts';
import { useCatalogListApi } from './catalogListApi.ts';
import { catalogListApiUpdateTests } from './catalogListApiUpdates.ts';
import type { CatalogListBackend } from './catalogListFixture.ts';

/** The suite, on `fixture`'s backend (started by the caller's `before`). */
export function catalogListApiSuite(fixture: CatalogListBackend) {
  describe('catalog list API', () => {
    const api = useCatalogListApi(fixture);
    const { list, rest, readable, walk, expected } = api;
    const { gql, setStars, ownership, starredOf } = api;

    test('the default view: components by name, the total and every facet as the catalog counts them for the caller', async () => {
      for (const user of ['alice.nakamura', 'bob.okafor']) {
        const page = await list(user, { first: 100 });
        const all = await readable(user);
        const want = await expected(user, {});
        assert.equal(page.totalCount, want.length, user);
        assert.deepEqual(
          page.items.map((i: any) => i.entity.ref.toLowerCase()),
          want
            .map(refOf)
            .sort((a, b) => (a.split('/')[1] < b.split('/')[1] ? -1 : 1)),
          user,
        );
        // Disjunctive: the kind facet counts every kind (its own part left out), the others within the kind.
        assert.deepEqual(
          asCounts(page.facets.kind),
          countBy(all.map(e => e.kind)),
        );
        assert.deepEqual(
          asCounts(page.facets.type),
          countBy(want.map(e => e.spec?.type)),
        );
        assert.deepEqual(
          asCounts(page.facets.owner),
          countBy(want.map(ownerOf)),
        );
        assert.deepEqual(
          asCounts(page.facets.tags),
          countBy(want.flatMap(e => e.metadata.tags ?? [])),
        );
        assert.equal(
          page.facets.mine,
          want.filter(e => ownership[user].includes(lower(ownerOf(e) ?? '')))
            .length,
        );
        // ...and as the catalog's own facets endpoint gives them to the same user.
        const own = await rest(
          user,
          '/entity-facets?facet=spec.lifecycle&filter=kind=component',
        );
        assert.deepEqual(
          asCounts(page.facets.lifecycle),
          asCounts(own.facets['spec.lifecycle']),
        );
      }
    });

    test('an owners-only component is never listed nor counted for another team, and is for its owners', async () => {
      const filters: Filter[] = [
        {},
        { tags: ['cl-secret-tag'] },
        { text: 'cl-vault' },
        { owner: ['group:default/team-payments'] },
      ];
      for (const filter of filters) {
        const bob = await list('bob.okafor', { filter, first: 100 });
        assert.ok(
          !JSON.stringify(bob).includes('cl-vault'),
          JSON.stringify(filter),
        );
        assert.ok(!JSON.stringify(bob).includes('cl-secret-tag'));
        const alice = await list('alice.nakamura', { filter, first: 100 });
        assert.ok(
          alice.items.some((i: any) => i.entity.name === 'cl-vault'),
          JSON.stringify(filter),
        );
        assert.equal(
          alice.totalCount,
          (await expected('alice.nakamura', filter)).length,
        );
        assert.equal(
          bob.totalCount,
          (await expected('bob.okafor', filter)).length,
        );
      }
      const bob = await list('bob.okafor', {
        filter: { tags: ['cl-secret-tag'] },
      });
      assert.equal(bob.totalCount, 0);
      const alice = await list('alice.nakamura', {});
      assert.equal(
        asCounts(alice.facets.tags)['cl-secret-tag'],
        1,
        'its owners see its tag counted',
      );
    });

    test('each filter alone and combined keeps what the catalog holds for it, with disjunctive facets', async () => {
      const all = await readable('alice.nakamura');
      const components = all.filter(e => e.kind === 'Component');
      const commonTag = Object.entries(
        countBy(components.flatMap(e => e.metadata.tags ?? [])),
      ).sort((a, b) => b[1] - a[1])[0][0];
      await setStars('alice.nakamura', [
        'component:default/payments-gateway',
        'component:default/cl-html',
        'api:default/cart-api',
      ]);
      const filters: Filter[] = [
        { kind: 'API' },
        { kind: 'group' },
        { type: ['service'] },
        { type: ['service', 'website'] },
        { owner: ['group:default/team-payments'] },
        { owner: ['team-fleet'] },
        { mine: true },
        { lifecycle: ['production'] },
        { tags: [commonTag] },
        { starred: true },
        { text: 'payment' },
        {
          type: ['service'],
          lifecycle: ['production'],
          owner: ['group:default/team-payments'],
        },
        { mine: true, starred: true },
        {
          tags: [commonTag],
          text: 'a',
          lifecycle: ['production', 'experimental'],
        },
      ];
      const caller = {
        ownershipRefs: ownership['alice.nakamura'],
        starred: starredOf['alice.nakamura'],
      };
      for (const filter of filters) {
        const what = JSON.stringify(filter);
        const page = await list('alice.nakamura', { filter, first: 100 });
        const normalized = {
          ...filter,
          owner: filter.owner?.map(o =>
            o.includes(':') ? o : `group:default/${o}`,
          ),
        };
        const want = all.filter(e => matches(e, normalized, caller));
        assert.ok(want.length > 0 || filter.kind === 'group', what);
        assert.equal(page.totalCount, want.length, what);
        assert.deepEqual(
          page.items.map((i: any) => i.entity.ref.toLowerCase()).sort(),
          want.map(refOf).sort(),
          what,
        );
        const without = (part: keyof Filter) =>
          all.filter(e => matches(e, normalized, caller, part));
        assert.deepEqual(
          asCounts(page.facets.kind),
          countBy(without('kind').map(e => e.kind)),
          what,
        );
        assert.deepEqual(
          asCounts(page.facets.type),
          countBy(without('type').map(e => e.spec?.type)),
          what,
        );
        assert.deepEqual(
          asCounts(page.facets.owner),
          countBy(without('owner').map(ownerOf)),
          what,
        );
        assert.deepEqual(
          asCounts(page.facets.lifecycle),
          countBy(without('lifecycle').map(e => e.spec?.lifecycle)),
          what,
        );
        assert.deepEqual(
          asCounts(page.facets.tags),
          countBy(without('tags').flatMap(e => e.metadata.tags ?? [])),
          what,
        );
        assert.equal(
          page.facets.mine,
          without('mine').filter(e =>
            caller.ownershipRefs.includes(lower(ownerOf(e) ?? '')),
          ).length,
          what,
        );
        assert.equal(
          page.facets.starred,
          without('starred').filter(e => caller.starred.includes(refOf(e)))
            .length,
          what,
        );
        for (const item of page.items) {
          assert.equal(
            item.starred,
            caller.starred.includes(item.entity.ref.toLowerCase()),
            what,
          );
        }
      }
    });

    test('sorts by each field both ways, entities without the field last, and pages through all of it both ways', async () => {
      const want = (await expected('alice.nakamura', {})).map(e => ({
        ref: refOf(e),
        NAME: e.metadata.name,
        TITLE: e.metadata.title,
        TYPE: e.spec?.type,
        LIFECYCLE: e.spec?.lifecycle,
        OWNER: ownerOf(e),
      }));
      for (const field of [
        'NAME',
        'TITLE',
        'TYPE',
        'OWNER',
        'LIFECYCLE',
      ] as const) {
        for (const order of ['ASC', 'DESC'] as const) {
          const what = `${field} ${order}`;
          const { forward, backward } = await walk('alice.nakamura', {
            sort: { field, order },
            first: 7,
          });
          assert.equal(
            new Set(forward).size,
            forward.length,
            `${what}: no duplicates`,
          );
          assert.deepEqual(
            [...forward].map(lower).sort(),
            want.map(w => w.ref).sort(),
            `${what}: no gaps`,
          );
          assert.deepEqual(
            backward,
            forward,
            `${what}: the same list walking back`,
          );
          const byRef = new Map(want.map(w => [w.ref, w]));
          const values = forward.map(ref => byRef.get(lower(ref))![field]);
          const present = values
            .filter(v => v !== undefined)
            .map(v => lower(v!));
          assert.deepEqual(
            values.slice(0, present.length).map(v => lower(v!)),
            present,
            `${what}: entities without the field come last`,
          );
          const sorted = [...present].sort();
          if (order === 'DESC') sorted.reverse();
          assert.deepEqual(present, sorted, what);
        }
      }
    });

    test('refuses a forged cursor, one for another filter or caller, and a page size out of range', async () => {
      const page = await list('alice.nakamura', { first: 5 });
      assert.ok(page.nextCursor);
      const code = async (user: string, variables: Record<string, unknown>) => {
        const answer = await gql(user, variables);
        assert.equal(answer.status, 200);
        assert.equal(answer.body.data, null, JSON.stringify(answer.body));
        return answer.body.errors?.[0].extensions.code;
      };
      const flipped =
        page.nextCursor.slice(0, 20) +
        (page.nextCursor[20] === 'A' ? 'B' : 'A') +
        page.nextCursor.slice(21);
      for (const after of [
        'nope',
        flipped,
        Buffer.from('{"p":"a"}').toString('base64url'),
      ]) {
        assert.equal(
          await code('alice.nakamura', { first: 5, after }),
          'BAD_USER_INPUT',
          after,
        );
      }
      assert.equal(
        await code('alice.nakamura', {
          first: 5,
          after: page.nextCursor,
          filter: { type: ['service'] },
        }),
        'BAD_USER_INPUT',
      );
      assert.equal(
        await code('alice.nakamura', {
          first: 5,
          after: page.nextCursor,
          sort: { field: 'NAME', order: 'DESC' },
        }),
        'BAD_USER_INPUT',
      );
      assert.equal(
        await code('bob.okafor', { first: 5, after: page.nextCursor }),
        'BAD_USER_INPUT',
      );
      for (const first of [0, -1, 101]) {
        assert.equal(
          await code('alice.nakamura', { first }),
          'BAD_USER_INPUT',
          String(first),
        );
      }
      // The cursor itself still works for the filter, sort and caller it was issued for.
      const next = await list('alice.nakamura', {
        first: 5,
        after: page.nextCursor,
      });
      assert.equal(next.items.length, 5);
    });

    catalogListApiUpdateTests(api, fixture);
  });
}
