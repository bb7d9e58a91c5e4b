// The gateway over the catalog mock: batching, limits and the request's errors. Its cache is in
// Gateway.cache.test.ts.
import { body, caller, makeGateway, org, TEAMS } from './__testUtils__/gateway';

describe('Gateway', () => {
  it('loads each level of a query in one catalog call, not one per entity', async () => {
    const { gateway, byRefs } = makeGateway(org());
    const refs = Array.from({ length: TEAMS }, (_, t) => `component:svc-${t}`);
    const answer = await gateway.run(
      {
        query: `query($refs: [String!]!) { entities(refs: $refs) {
          name owner { name parent { name } members { profile { displayName } } } } }`,
        variables: { refs },
      },
      caller,
    );
    expect(answer.status).toBe(200);
    const data = body(answer).data.entities;
    expect(data).toHaveLength(TEAMS);
    expect(data[7].owner.members[0].profile.displayName).toBe('User 7');
    expect(data[7].owner.parent.name).toBe('eng');
    // entities, owners, then members and parents: one call per level.
    expect(byRefs.mock.calls.length).toBeLessThanOrEqual(3);
    expect(byRefs.mock.calls[0][0].entityRefs).toHaveLength(TEAMS);
  });

  it('refuses over-deep, over-costly and fragment-bomb queries without reading the catalog', async () => {
    const { gateway, byRefs, queryEntities } = makeGateway(org());
    let nested = 'name';
    for (let i = 0; i < 13; i++) nested = `owner { ${nested} }`;
    const deep = await gateway.run(
      { query: `{ entity(ref: "component:svc-1") { ${nested} } }` },
      caller,
    );
    expect(deep.status).toBe(400);
    expect(body(deep).errors[0].extensions.code).toBe('QUERY_TOO_DEEP');

    const aliases = Array.from(
      { length: 60 },
      (_, i) =>
        `a${i}: viewer { owned(first: 200) { items { name owner { name } } } }`,
    ).join(' ');
    const costly = await gateway.run({ query: `{ ${aliases} }` }, caller);
    expect(body(costly).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');

    const bomb = [
      '{ viewer { user { ...F0 } } }',
      ...Array.from(
        { length: 11 },
        (_, i) =>
          `fragment F${i} on Entity { name ${
            i < 10
              ? `a: memberOf { ...F${i + 1} } b: memberOf { ...F${i + 1} }`
              : ''
          } }`,
      ),
    ].join('\n');
    const bombed = await gateway.run({ query: bomb }, caller);
    expect(body(bombed).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');

    const cyclic = await gateway.run(
      { query: '{ viewer { user { ...A } } } fragment A on Entity { ...A }' },
      caller,
    );
    expect(body(cyclic).errors[0].extensions.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(byRefs).not.toHaveBeenCalled();
    expect(queryEntities).not.toHaveBeenCalled();
  });

  it('answers fragment chains of 30 and 40 fragments under an empty list within 200 ms, without reading the catalog', async () => {
    // Under a list that returns nothing, each fragment spreads the next twice, at the same level (so no depth
    // limit is near): 2^n paths once expanded. The hand-written walk this replaced followed every path (the
    // items of an empty list weigh nothing, so it never reached its cost limit): 30 fragments held the event
    // loop for minutes.
    const { gateway, byRefs, queryEntities } = makeGateway(org());
    const chain = (root: string, n: number) =>
      [
        root,
        ...Array.from(
          { length: n },
          (_, i) =>
            `fragment F${i} on Entity { name ${
              i < n - 1 ? `...F${i + 1} ...F${i + 1}` : ''
            } }`,
        ),
      ].join('\n');
    for (const root of [
      '{ entities(refs: []) { ...F0 } }',
      '{ viewer { owned(first: 0) { items { ...F0 } } } }',
    ]) {
      for (const n of [30, 40]) {
        const started = performance.now();
        const answer = await gateway.run({ query: chain(root, n) }, caller);
        const ms = performance.now() - started;
        expect(answer.status).toBe(400);
        expect(body(answer).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
        expect(ms).toBeLessThan(200);
      }
    }
    expect(byRefs).not.toHaveBeenCalled();
    expect(queryEntities).not.toHaveBeenCalled();
  });

  it('refuses requests that are not GraphQL with a clear 400', async () => {
    const { gateway } = makeGateway(org());
    for (const request of [
      {},
      { query: 42 },
      { query: '{ viewer { userRef } }', variables: [1] },
      { query: '{ viewer { userRef } }', operationName: 7 },
      { query: 'x'.repeat(20001) },
    ]) {
      const answer = await gateway.run(request, caller);
      expect(answer.status).toBe(400);
      expect(body(answer).errors[0].extensions.code).toMatch(
        /BAD_REQUEST|QUERY_TOO_LONG/,
      );
    }
  });

  it('names errors in the request itself (an unknown operation, a variable of the wrong type) BAD_USER_INPUT, not an internal error', async () => {
    const { gateway } = makeGateway(org());
    for (const request of [
      { query: '{ viewer { userRef } }', operationName: 'nope' },
      {
        query: 'query Q($ref: String!) { entity(ref: $ref) { name } }',
        variables: { ref: 42 },
      },
      {
        query: 'query Q($ref: String!) { entity(ref: $ref) { name } }',
        variables: {},
      },
    ]) {
      const answer = await gateway.run(request, caller);
      const { errors } = body(answer);
      expect(errors).toHaveLength(1);
      expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
