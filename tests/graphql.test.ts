/**
 * The GraphQL gateway (`/api/graphql`), end to end on the real backend: the catalog on SQLite, users signed in
 * through the embedded OpenID provider, the compute summary from the embedded Kubernetes API simulator (not a
 * cluster). A test file of entities beside the demo's holds an owners-only component and one whose
 * description the test changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signIn } from './lib/auth.ts';
import { refreshEntity, type Backend } from './lib/backend.ts';
import { startWithTestEntities, writeEntities } from './lib/catalogFixture.ts';
import { callGateway, type GatewayAnswer } from './lib/gateway.ts';
import { waitFor } from './lib/proc.ts';

const entities = (probeDescription: string) => [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'card-vault',
      description:
        "Card-number vault. Its design is for its owners' eyes only.",
      annotations: { 'atrium.dev/visibility': 'owners' },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-payments',
      system: 'payments',
      dependsOn: ['component:default/payments-gateway'],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'gql-probe', description: probeDescription },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'team-fleet' },
  },
];

describe('GraphQL gateway', () => {
  let backend: Backend;
  let entitiesFile: string;
  const tokens: Record<string, string> = {};

  const gql = (
    user: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GatewayAnswer> =>
    callGateway(backend.baseUrl, user && tokens[user], query, variables);

  before(async () => {
    ({ backend, entitiesFile } = await startWithTestEntities({
      name: 'graphql',
      entities: entities('first version'),
      allow: ['Component'],
      config: { graphql: { responseCache: { changePollSeconds: 1 } } },
    }));
    for (const user of ['alice.nakamura', 'bob.okafor', 'ravi.subramanian']) {
      tokens[user] = (await signIn(backend.baseUrl, user)).token;
    }
  });

  after(async () => {
    await backend?.stop();
  });

  test('answers what a component page needs in one round trip', async () => {
    const answer = await gql(
      'alice.nakamura',
      `query Overview($ref: String!) {
        entity(ref: $ref) {
          id ref kind name description lifecycle type tags
          owner { ref title profile { displayName } members { ref profile { displayName email } } }
          partOf { ref name partOf { ref } }
          relations(type: "providesApi") { targetRef target { name } }
          compute { apps desiredReplicas readyReplicas clusters { name ok apps { id name phase version } } }
        }
      }`,
      { ref: 'component:default/payments-gateway' },
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.errors, undefined);
    const entity = answer.body.data.entity;
    assert.equal(entity.id, 'component:default/payments-gateway');
    assert.equal(entity.owner.ref, 'group:default/team-payments');
    assert.ok(
      entity.owner.members.some(
        (m: any) => m.ref === 'user:default/alice.nakamura',
      ),
    );
    assert.equal(entity.partOf.ref, 'system:default/payments');
    assert.ok(entity.relations.every((r: any) => r.target?.name));
    // The embedded simulator runs payments-gateway in both clusters, plus a canary.
    assert.deepEqual(
      entity.compute.clusters.map((c: any) => [c.name, c.ok]).sort(),
      [
        ['sim-eu-west', true],
        ['sim-us-east', true],
      ],
    );
    assert.ok(entity.compute.apps >= 3, JSON.stringify(entity.compute));
  });

  test('the viewer: user, groups and what their teams own', async () => {
    const { body } = await gql(
      'alice.nakamura',
      `{ viewer { userRef user { name profile { email } } groups { ref }
          owned(kind: "component", first: 100) { totalItems items { name owner { ref }
            compute { apps healthy readyReplicas desiredReplicas
              recentRevisions(first: 2) { id app cluster revision version createdAt kind } } } } } }`,
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const viewer = body.data.viewer;
    assert.equal(viewer.userRef, 'user:default/alice.nakamura');
    assert.ok(
      viewer.groups.some((g: any) => g.ref === 'group:default/team-payments'),
    );
    const names = viewer.owned.items.map((i: any) => i.name);
    assert.ok(names.includes('payments-gateway'), names.join());
    assert.ok(
      names.includes('card-vault'),
      'owners see their owners-only component',
    );
    assert.equal(viewer.owned.totalItems, names.length);
    // Health at a glance for every service, from one batched compute read (the simulator runs the demo's).
    const gateway = viewer.owned.items.find(
      (i: any) => i.name === 'payments-gateway',
    );
    assert.ok(gateway.compute.apps >= 3, JSON.stringify(gateway.compute));
    assert.equal(typeof gateway.compute.healthy, 'boolean');
    // ...and its newest rollouts across clusters, newest first (Home's "Recent deploys").
    const revisions = gateway.compute.recentRevisions;
    assert.ok(
      revisions.length >= 1 && revisions.length <= 2,
      JSON.stringify(revisions),
    );
    assert.ok(
      revisions.every(
        (r: any, i: number) =>
          i === 0 ||
          Date.parse(revisions[i - 1].createdAt) >= Date.parse(r.createdAt),
      ),
    );
    assert.match(
      revisions[0].id,
      /^sim-[a-z-]+\/team-payments\/payments-gateway/,
    );
  });

  test('permissions apply: an owners-only component is not shown to other teams, nor named in relations', async () => {
    const query = `{
      entity(ref: "component:default/card-vault") { name }
      entities(refs: ["component:default/card-vault", "component:default/gql-probe"]) { name }
      team: entity(ref: "group:default/team-payments") {
        owns(kind: "component", first: 100) { items { name } }
        relations(type: "ownerOf") { targetRef }
      }
      system: entity(ref: "system:default/payments") { relations(type: "hasPart") { targetRef target { name } } }
      service: entity(ref: "component:default/payments-gateway") { relations(type: "dependencyOf") { targetRef } }
    }`;
    const bob = await gql('bob.okafor', query);
    assert.equal(bob.status, 200);
    assert.equal(bob.body.data.entity, null);
    assert.deepEqual(
      bob.body.data.entities.map((e: any) => e?.name ?? null),
      [null, 'gql-probe'],
    );
    const owned = bob.body.data.team.owns.items.map((i: any) => i.name);
    assert.ok(owned.includes('payments-gateway'));
    assert.ok(!owned.includes('card-vault'));
    assert.ok(
      bob.body.data.system.relations.some(
        (r: any) => r.targetRef === 'component:default/payments-gateway',
      ),
    );
    assert.ok(
      !JSON.stringify(bob.body).includes('"component:default/card-vault"'),
      "neither the system's hasPart, the team's ownerOf nor the service's dependencyOf names it",
    );

    for (const user of ['alice.nakamura', 'ravi.subramanian']) {
      const answer = await gql(user, query);
      assert.equal(answer.body.data.entity?.name, 'card-vault', user);
      assert.ok(
        answer.body.data.team.owns.items.some(
          (i: any) => i.name === 'card-vault',
        ),
        user,
      );
      for (const relations of [
        answer.body.data.team.relations,
        answer.body.data.system.relations,
        answer.body.data.service.relations,
      ]) {
        assert.ok(
          relations.some(
            (r: any) => r.targetRef === 'component:default/card-vault',
          ),
          user,
        );
      }
    }
  });

  test('refuses over-deep and over-costly queries before running them', async () => {
    let nested = 'name';
    for (let i = 0; i < 20; i++) nested = `name owner { ${nested} }`;
    const deep = await gql(
      'bob.okafor',
      `{ entity(ref: "component:payments-gateway") { ${nested} } }`,
    );
    assert.equal(deep.status, 400);
    assert.equal(deep.body.errors?.[0].extensions.code, 'QUERY_TOO_DEEP');
    assert.equal(deep.body.data, undefined);

    const refs = Array.from({ length: 200 }, (_, i) => `"component:c${i}"`);
    const wide = await gql(
      'bob.okafor',
      `{ entities(refs: [${refs}]) { members { memberOf { members { name } } } } }`,
    );
    assert.equal(wide.status, 400);
    assert.equal(wide.body.errors?.[0].extensions.code, 'QUERY_TOO_COSTLY');

    // Fragments that spread each other twice per level: 2^30 fields once expanded.
    const bomb = [
      '{ viewer { user { ...F0 } } }',
      ...Array.from(
        { length: 30 },
        (_, i) =>
          `fragment F${i} on Entity { a: name ${
            i < 29 ? `x: owner { ...F${i + 1} } y: owner { ...F${i + 1} }` : ''
          } }`,
      ),
    ].join('\n');
    const bombAnswer = await gql('bob.okafor', bomb);
    assert.equal(bombAnswer.status, 400);
    assert.match(
      bombAnswer.body.errors?.[0].extensions.code,
      /QUERY_TOO_(DEEP|COSTLY)/,
    );

    const invalid = await gql('bob.okafor', '{ entity(ref: "x") { nope } }');
    assert.equal(invalid.status, 400);
    assert.equal(
      invalid.body.errors?.[0].extensions.code,
      'GRAPHQL_VALIDATION_FAILED',
    );
    const unparsable = await gql('bob.okafor', '{ entity(');
    assert.equal(unparsable.status, 400);
    assert.equal(
      unparsable.body.errors?.[0].extensions.code,
      'GRAPHQL_PARSE_FAILED',
    );
    const page = await gql(
      'bob.okafor',
      '{ viewer { owned(first: 100000) { totalItems } } }',
    );
    assert.equal(page.status, 200);
    assert.equal(page.body.errors?.[0].extensions.code, 'BAD_USER_INPUT');

    const anonymous = await gql(undefined, '{ viewer { userRef } }');
    assert.equal(anonymous.status, 401);
  });

  test('serves the second call from the cache, per user, and fresh data after the entity changes', async () => {
    const query = `{ viewer { userRef } entity(ref: "component:default/gql-probe") { description owner { ref } } }`;
    const first = await gql('bob.okafor', query);
    const second = await gql('bob.okafor', query);
    assert.equal(first.body.data.entity.description, 'first version');
    assert.equal(second.cache, 'hit');
    assert.deepEqual(second.body, first.body);
    const alice = await gql('alice.nakamura', query);
    assert.notEqual(
      alice.cache,
      'hit',
      "another user's answer is never served",
    );
    assert.equal(alice.body.data.viewer.userRef, 'user:default/alice.nakamura');

    writeEntities(entitiesFile, entities('second version'));
    await refreshEntity(backend, 'component:default/gql-probe');
    const fresh = await waitFor(
      'the gateway to answer with the changed description',
      async () => {
        const answer = await gql('bob.okafor', query);
        return answer.body.data.entity.description === 'second version'
          ? answer
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    assert.equal(fresh.cache, 'miss');
    const again = await gql('bob.okafor', query);
    assert.equal(again.cache, 'hit');
    assert.equal(again.body.data.entity.description, 'second version');
  });

  test('a component removed from the catalog disappears from cached answers', async () => {
    const query = `{ entity(ref: "component:default/gql-probe") { name } entities(refs: ["component:default/gql-probe", "component:default/payments-gateway"]) { name } }`;
    const shown = await gql('bob.okafor', query);
    assert.equal(shown.body.data.entity?.name, 'gql-probe');
    assert.equal((await gql('bob.okafor', query)).cache, 'hit');

    // Out of its file: the location's next read leaves it an orphan, which the catalog deletes.
    writeEntities(entitiesFile, entities('second version').slice(0, 1));
    await refreshEntity(backend, 'component:default/card-vault');
    const gone = await waitFor(
      'the gateway to answer without the removed component',
      async () => {
        const answer = await gql('bob.okafor', query);
        return answer.body.data.entity === null ? answer : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    assert.equal(gone.cache, 'miss');
    assert.deepEqual(
      gone.body.data.entities.map((e: any) => e?.name ?? null),
      [null, 'payments-gateway'],
    );
    const again = await gql('bob.okafor', query);
    assert.equal(again.cache, 'hit');
    assert.equal(again.body.data.entity, null);
  });
});
