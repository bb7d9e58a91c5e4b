/**
 * The catalog list API suites' client (tests/lib/catalogListApiSuite.ts, catalogListApiUpdates.ts): the
 * gateway's `catalog` query and the catalog's REST API as alice.nakamura and bob.okafor (signed in by the
 * suite's `before`), stars through the user-settings API, a walk through every page both ways, and what the
 * catalog itself returns to a user for a filter (the oracle of tests/lib/catalogListApiOracle.ts).
 */
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { signIn } from './auth.ts';
import {
  LIST,
  lower,
  matches,
  type CatalogEntity,
  type Filter,
} from './catalogListApiOracle.ts';
import type { CatalogListBackend } from './catalogListFixture.ts';
import { callGateway } from './gateway.ts';

/** Registers the sign-in of the two users (a `before`) and answers the helpers: call it inside a `describe`. */
export function useCatalogListApi(fixture: CatalogListBackend) {
  const backend = () => fixture.backend;
  const tokens: Record<string, string> = {};
  const ownership: Record<string, string[]> = {};
  const starredOf: Record<string, string[]> = {};

  const gql = (
    user: string,
    variables: Record<string, unknown>,
    query = LIST,
  ) => callGateway(backend().baseUrl, tokens[user], query, variables);
  const list = async (
    user: string,
    variables: Record<string, unknown>,
    query = LIST,
  ) => {
    const answer = await gql(user, variables, query);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body));
    return answer.body.data.catalog;
  };
  const rest = async (user: string | undefined, path: string) => {
    const res = await fetch(`${backend().baseUrl}/api/catalog${path}`, {
      headers: {
        authorization: `Bearer ${user ? tokens[user] : backend().serviceToken}`,
      },
    });
    assert.equal(res.status, 200, path);
    return res.json() as Promise<any>;
  };
  /** Every entity the user may read, as the catalog returns it to them. */
  const readable = async (user: string): Promise<CatalogEntity[]> =>
    rest(user, '/entities?limit=5000') as Promise<CatalogEntity[]>;
  const setStars = async (user: string, refs: string[]) => {
    const res = await fetch(
      `${
        backend().baseUrl
      }/api/user-settings/buckets/default.starredEntities/keys/entityRefs`,
      {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${tokens[user]}`,
        },
        body: JSON.stringify({ value: refs }),
      },
    );
    assert.equal(res.status, 200, await res.text());
    starredOf[user] = refs.map(lower);
  };
  /** Every page forward, then every page back from the last: both must give the whole list once. */
  const walk = async (user: string, variables: Record<string, unknown>) => {
    const forward: string[][] = [];
    let page = await list(user, variables);
    let last = page;
    for (let i = 0; i < 100; i++) {
      forward.push(page.items.map((it: any) => it.entity.ref));
      last = page;
      if (!page.nextCursor) break;
      page = await list(user, { ...variables, after: page.nextCursor });
    }
    assert.equal(forward[0] !== undefined, true);
    const backward: string[][] = [forward[forward.length - 1]];
    page = last;
    for (let i = 0; i < 100 && page.prevCursor; i++) {
      page = await list(user, { ...variables, after: page.prevCursor });
      backward.unshift(page.items.map((it: any) => it.entity.ref));
    }
    assert.equal(page.prevCursor, null, 'the walk back ends at the first page');
    return { forward: forward.flat(), backward: backward.flat(), last };
  };
  const expected = async (user: string, filter: Filter) =>
    (await readable(user)).filter(e =>
      matches(e, filter, {
        ownershipRefs: ownership[user],
        starred: starredOf[user] ?? [],
      }),
    );

  before(async () => {
    for (const user of ['alice.nakamura', 'bob.okafor']) {
      const signedIn = await signIn(backend().baseUrl, user);
      tokens[user] = signedIn.token;
      ownership[user] = signedIn.identity.ownershipEntityRefs.map(lower);
    }
  });

  return {
    backend,
    gql,
    list,
    rest,
    readable,
    setStars,
    walk,
    expected,
    ownership,
    starredOf,
  };
}

/** The helpers `useCatalogListApi` answers. */
export type CatalogListApi = ReturnType<typeof useCatalogListApi>;
