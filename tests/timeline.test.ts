/**
 * The service timeline (`/api/timeline`), end to end on the real backend: the catalog on SQLite, users signed in
 * through the embedded OpenID provider, compute from the embedded Kubernetes API simulator (not a cluster).
 * A test file of entities beside the demo's holds an owners-only component, and later a probe component whose
 * owner and description the test changes for the catalog change recorder (polling every 2 s here) to see.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { signIn } from './lib/auth.ts';
import {
  refreshEntity,
  startBackend,
  waitForCatalog,
  type Backend,
} from './lib/backend.ts';
import { api } from './lib/compute.ts';
import { demoCatalogWith, demoKindCounts } from './lib/demo.ts';
import { waitFor } from './lib/proc.ts';
import {
  CARD_VAULT,
  GOOD_WIKI,
  linkProbe,
  probe,
} from './lib/timelineEntities.ts';

const CANARY =
  '/api/compute/clusters/sim-eu-west/namespaces/team-payments/apps/payments-gateway-canary';
const TIMELINE = '/api/timeline/entities/default/component';
const ALICE = 'user:default/alice.nakamura';

describe('service timeline', () => {
  let backend: Backend;
  let dir: string;
  const tokens: Record<string, string> = {};

  const call = (user: string, path: string, body?: unknown) =>
    api(backend.baseUrl, tokens[user], path, {
      method: body === undefined ? 'GET' : 'POST',
      body,
    });

  /** Waits until the canary's rollout is over (as tests/lib/computeSuite.ts does) and `want` holds. */
  const rolledOut = (want: (app: any) => boolean) =>
    waitFor(
      'the rollout of the payments-gateway canary',
      async () => {
        const { status, body } = await call('alice.nakamura', CANARY);
        assert.equal(status, 200);
        const s = body.status;
        const done =
          s.observedGeneration >= body.generation &&
          s.updatedReplicas === body.spec.replicas &&
          s.readyReplicas === body.spec.replicas &&
          body.pods.length === body.spec.replicas &&
          s.phase === 'Running';
        return done && want(body) ? body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );

  const refresh = (entityRef: string) => refreshEntity(backend, entityRef);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atrium-timeline-'));
    writeFileSync(join(dir, 'entities.yaml'), CARD_VAULT);
    writeFileSync(
      join(dir, 'links.yaml'),
      linkProbe('mailto:team-fleet@larkspur.example'),
    );
    const config = join(dir, 'app-config.timeline-test.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        ...demoCatalogWith([
          { target: join(dir, 'entities.yaml'), allow: ['Component'] },
          { target: join(dir, 'links.yaml'), allow: ['Component'] },
        ]),
        timeline: { catalogPollSeconds: 2 },
      }),
    );
    backend = await startBackend({ name: 'timeline', configs: [config] });
    const expected = demoKindCounts();
    expected.Component = (expected.Component ?? 0) + 2;
    await waitForCatalog(backend.baseUrl, backend.serviceToken, expected);
    for (const user of ['alice.nakamura', 'bob.okafor']) {
      tokens[user] = (await signIn(backend.baseUrl, user)).token;
    }
  });

  after(async () => {
    await backend?.stop();
  });

  test("an owner's scale and deploy show newest first with their actor, and the kinds filter", async () => {
    let app = (await call('alice.nakamura', CANARY)).body;
    const replicas = app.spec.replicas;
    let res = await call('alice.nakamura', `${CANARY}/scale`, {
      resourceVersion: app.resourceVersion,
      replicas: replicas + 1,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    app = await rolledOut(a => a.spec.replicas === replicas + 1);
    const revision = app.status.currentRevision;
    res = await call('alice.nakamura', `${CANARY}/deploy`, {
      resourceVersion: app.resourceVersion,
      version: '2.5.0',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await rolledOut(a => a.status.currentRevision > revision);

    const timeline = await call(
      'alice.nakamura',
      `${TIMELINE}/payments-gateway/events`,
    );
    assert.equal(timeline.status, 200, JSON.stringify(timeline.body));
    const { items, errors } = timeline.body;
    assert.deepEqual(errors, []);
    const sorted = [...items].sort((a: any, b: any) =>
      b.at.localeCompare(a.at),
    );
    assert.deepEqual(
      items.map((e: any) => e.id),
      sorted.map((e: any) => e.id),
      'newest first',
    );
    const deploy = items.findIndex(
      (e: any) =>
        e.kind === 'deploy' &&
        e.app === 'payments-gateway-canary' &&
        e.cluster === 'sim-eu-west' &&
        e.actor === ALICE,
    );
    const scale = items.findIndex(
      (e: any) =>
        e.kind === 'scale' &&
        e.app === 'payments-gateway-canary' &&
        e.actor === ALICE,
    );
    assert.ok(deploy >= 0, JSON.stringify(items, null, 1));
    assert.ok(scale > deploy, JSON.stringify(items, null, 1));
    assert.equal(
      items[deploy].title,
      'Deployed 2.5.0 to payments-gateway-canary in sim-eu-west',
    );
    assert.equal(items[deploy].result, 'succeeded');
    assert.match(
      items[scale].detail,
      new RegExp(`replicas ${replicas} → ${replicas + 1}`),
    );

    const scales = await call(
      'alice.nakamura',
      `${TIMELINE}/payments-gateway/events?kinds=scale`,
    );
    assert.equal(scales.status, 200);
    assert.ok(scales.body.items.length >= 1);
    assert.ok(scales.body.items.every((e: any) => e.kind === 'scale'));

    const limited = await call(
      'alice.nakamura',
      `${TIMELINE}/payments-gateway/events?limit=1`,
    );
    assert.deepEqual(
      limited.body.items.map((e: any) => e.id),
      [items[0].id],
    );
  });

  test('everyone reads a timeline, but not of an owners-only entity; bad input is 400, no sign-in 401', async () => {
    const bob = await call('bob.okafor', `${TIMELINE}/payments-gateway/events`);
    assert.equal(bob.status, 200);
    assert.ok(
      bob.body.items.some((e: any) => e.actor === ALICE),
      JSON.stringify(bob.body),
    );
    assert.equal(
      (await call('bob.okafor', `${TIMELINE}/card-vault/events`)).status,
      404,
    );
    assert.equal(
      (await call('alice.nakamura', `${TIMELINE}/card-vault/events`)).status,
      200,
    );
    assert.equal(
      (await call('bob.okafor', `${TIMELINE}/no-such-thing/events`)).status,
      404,
    );
    const bad = await call(
      'bob.okafor',
      `${TIMELINE}/payments-gateway/events?kinds=deploy,meteor`,
    );
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /meteor/);
    assert.equal(
      (
        await call(
          'bob.okafor',
          `${TIMELINE}/payments-gateway/events?from=yesterday`,
        )
      ).status,
      400,
    );
    const anonymous = await fetch(
      `${backend.baseUrl}${TIMELINE}/payments-gateway/events`,
    );
    assert.equal(anonymous.status, 401);
  });

  test('a catalog change shows as catalog-change naming the changed fields after the next recorder pass', async () => {
    // The recorder's first pass (the baseline, 2 s after start) is long done by now: what is added is new.
    await sleep(3000);
    writeFileSync(
      join(dir, 'entities.yaml'),
      CARD_VAULT + probe('team-fleet', 'first version'),
    );
    await refresh('component:default/card-vault');
    const events = (user: string) =>
      call(user, `${TIMELINE}/timeline-probe/events?kinds=catalog-change`);
    await waitFor(
      'the probe to be recorded as registered',
      async () => {
        const { status, body } = await events('bob.okafor');
        return status === 200 &&
          body.items.some((e: any) => e.title === 'Registered in the catalog')
          ? true
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );

    writeFileSync(
      join(dir, 'entities.yaml'),
      CARD_VAULT + probe('team-routing', 'second version'),
    );
    await refresh('component:default/timeline-probe');
    const change = await waitFor(
      'the change to be recorded',
      async () => {
        const { body } = await events('bob.okafor');
        return body.items.find(
          (e: any) => e.title !== 'Registered in the catalog',
        );
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
    assert.equal(change.kind, 'catalog-change');
    assert.equal(change.source, 'catalog');
    assert.match(
      change.title,
      /^spec\.owner, metadata\.description(, relations)? changed$/,
    );
    assert.match(change.detail, /spec\.owner: team-routing/);
    assert.match(change.detail, /metadata\.description: second version/);

    const all = await call('bob.okafor', `${TIMELINE}/timeline-probe/events`);
    assert.equal(all.body.items[0].id, change.id, 'newest first');
    const deploysOnly = await call(
      'bob.okafor',
      `${TIMELINE}/timeline-probe/events?kinds=deploy`,
    );
    assert.deepEqual(deploysOnly.body, { items: [], errors: [] });
  });

  test('an entity removed from the catalog is recorded as removed, and its timeline is then 404', async () => {
    const probeEvents = () =>
      call('bob.okafor', `${TIMELINE}/timeline-probe/events`);
    await waitFor(
      'the probe in the catalog (registered by the test above)',
      async () => (await probeEvents()).status === 200 || undefined,
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    // Out of its file: the location's next read leaves it an orphan, which the catalog deletes.
    writeFileSync(join(dir, 'entities.yaml'), CARD_VAULT);
    await refresh('component:default/card-vault');
    await waitFor(
      'the probe to be gone from the catalog',
      async () => (await probeEvents()).status === 404 || undefined,
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    // The API answers only for entities the caller can read, so the record is read where the recorder keeps it.
    const db = new DatabaseSync(
      join(backend.dataDir, 'sqlite', 'timeline.sqlite'),
      { readOnly: true },
    );
    try {
      const removed = await waitFor(
        'the removal to be recorded',
        async () =>
          db
            .prepare(
              "SELECT change FROM timeline_catalog_events WHERE entity_ref = ? AND change = 'removed'",
            )
            .get('component:default/timeline-probe'),
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      assert.deepEqual({ ...removed }, { change: 'removed' });
      assert.equal(
        db
          .prepare(
            'SELECT count(*) AS n FROM timeline_catalog_entities WHERE entity_ref = ?',
          )
          .get('component:default/timeline-probe')?.n,
        0,
      );
    } finally {
      db.close();
    }
  });

  test('an entity given a javascript: link keeps its last good version, with a processing error naming the field; a new one is not stored', async () => {
    const read = async (name: string) => {
      const res = await fetch(
        `${backend.baseUrl}/api/catalog/entities/by-name/component/default/${name}`,
        { headers: { authorization: `Bearer ${backend.serviceToken}` } },
      );
      return { status: res.status, body: res.ok ? await res.json() : null };
    };
    const good = (await read('link-probe')).body;
    assert.deepEqual(good.metadata.links, [
      { url: GOOD_WIKI, title: 'Wiki' },
      { url: 'mailto:team-fleet@larkspur.example', title: 'Runbook' },
    ]);
    assert.equal(good.status?.items, undefined);

    const logFrom = statSync(backend.process.logFile).size;
    writeFileSync(
      join(dir, 'links.yaml'),
      // eslint-disable-next-line no-script-url -- the link the catalog must refuse
      linkProbe('javascript:alert(document.cookie)', 'javascript:alert(2)'),
    );
    await refresh('component:default/link-probe');
    const refused = await waitFor(
      "link-probe's processing error",
      async () => {
        const { body } = await read('link-probe');
        return body?.status?.items?.length ? body : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
    assert.deepEqual(refused.metadata.links, good.metadata.links);
    assert.deepEqual(
      refused.status.items.map((i: any) => [i.type, i.level, i.message]),
      [
        [
          'backstage.io/catalog-processing',
          'error',
          'InputError: metadata.links[1].url: only http, https and mailto links are allowed, got "javascript:"',
        ],
      ],
    );

    // The newcomer is never stored: the catalog-backend-module-logs line naming it and the field says it was
    // processed and refused.
    await waitFor(
      'the newcomer refused in the backend log',
      async () =>
        readFileSync(backend.process.logFile, 'utf8')
          .slice(logFrom)
          // eslint-disable-next-line no-control-regex -- colour codes of the log's text format
          .replace(/\u001b\[[0-9;]*m/g, '')
          .split('\n')
          .some(
            line =>
              line.includes('component:default/link-probe-newcomer') &&
              line.includes(
                'metadata.links[0].url: only http, https and mailto',
              ),
          ) || undefined,
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
    assert.equal((await read('link-probe-newcomer')).status, 404);
  });
});
