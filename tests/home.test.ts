/**
 * The personal Home's layouts in Atrium's backend, with the real catalog (the demo org) and SQLite under a data
 * folder that outlives a restart; users sign in through the embedded OpenID provider.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signIn } from './lib/auth.ts';
import { startBackend, waitForCatalog, type Backend } from './lib/backend.ts';
import { demoKindCounts } from './lib/demo.ts';

const TEAM = 'group:default/team-payments';

describe('personal Home layouts', () => {
  let backend: Backend;

  before(async () => {
    backend = await startBackend({ name: 'home' });
    await waitForCatalog(
      backend.baseUrl,
      backend.serviceToken,
      demoKindCounts(),
    );
  });
  after(() => backend?.stop());

  async function call(
    user: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    const { token } = await signIn(backend.baseUrl, user);
    const res = await fetch(`${backend.baseUrl}/api/home${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  test("a team's default applies to a member who never arranged Home, and a user's own layout wins over it", async () => {
    const alice = await call('alice.nakamura', 'GET', '/layout');
    assert.equal(alice.status, 200);
    assert.deepEqual(alice.body.editableGroups, [
      { ref: TEAM, title: 'Payments' },
    ]);
    assert.equal(alice.body.canEditGlobal, false);

    const teamDefault = ['AtriumWelcome', 'HomePageStarredEntities'];
    const put = await call(
      'alice.nakamura',
      'PUT',
      '/layouts/groups/default/team-payments',
      { widgets: teamDefault },
    );
    assert.equal(put.status, 200, JSON.stringify(put.body));

    // Nadia, also of Payments, has never arranged her Home: she gets her team's default.
    const nadia = await call('nadia.haddad', 'GET', '/layout');
    assert.deepEqual(nadia.body.layout.widgets, teamDefault);
    assert.equal(nadia.body.layout.scope, 'group');
    assert.equal(nadia.body.layout.subject, TEAM);
    assert.equal(nadia.body.layout.updatedBy, 'user:default/alice.nakamura');

    // Her own layout wins over it; forgetting it brings the team's back.
    await call('nadia.haddad', 'PUT', '/layout', {
      widgets: ['AtriumSystems'],
    });
    const own = await call('nadia.haddad', 'GET', '/layout');
    assert.equal(own.body.layout.scope, 'user');
    assert.deepEqual(own.body.layout.widgets, ['AtriumSystems']);
    assert.equal((await call('nadia.haddad', 'DELETE', '/layout')).status, 204);
    assert.equal(
      (await call('nadia.haddad', 'GET', '/layout')).body.layout.scope,
      'group',
    );

    // Bob (Fleet) may not set Payments' default, and gets no Payments layout.
    const bob = await call(
      'bob.okafor',
      'PUT',
      '/layouts/groups/default/team-payments',
      { widgets: ['AtriumSystems'] },
    );
    assert.equal(bob.status, 403);
    assert.match(
      bob.body.error.message,
      /Only members of group:default\/team-payments/,
    );
    assert.equal(
      (await call('bob.okafor', 'GET', '/layout')).body.layout,
      null,
    );
  });

  test("a platform admin sets everyone's default; others may not", async () => {
    const refused = await call('bob.okafor', 'PUT', '/layouts/global', {
      widgets: ['AtriumWelcome'],
    });
    assert.equal(refused.status, 403);
    const ravi = await call('ravi.subramanian', 'GET', '/layout');
    assert.equal(ravi.body.canEditGlobal, true);
    const put = await call('ravi.subramanian', 'PUT', '/layouts/global', {
      widgets: ['AtriumWelcome', 'AtriumSystems'],
    });
    assert.equal(put.status, 200);
    const bob = await call('bob.okafor', 'GET', '/layout');
    assert.equal(bob.body.layout.scope, 'global');
    assert.deepEqual(bob.body.layout.widgets, [
      'AtriumWelcome',
      'AtriumSystems',
    ]);
  });

  test('bad input is refused with a clear error and loses nothing', async () => {
    await call('bob.okafor', 'PUT', '/layout', { widgets: ['AtriumWelcome'] });
    const bad = await call('bob.okafor', 'PUT', '/layout', {
      widgets: ['AtriumWelcome', 'AtriumWelcome'],
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.name, 'InputError');
    assert.match(bad.body.error.message, /listed twice/);
    assert.deepEqual(
      (await call('bob.okafor', 'GET', '/layout')).body.layout.widgets,
      ['AtriumWelcome'],
    );
  });

  test('the first-week checklist: steps from the config, progress per user, read through the gateway uncached', async () => {
    const gateway = async (user: string) => {
      const { token } = await signIn(backend.baseUrl, user);
      const res = await fetch(`${backend.baseUrl}/api/graphql`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          query:
            '{ viewer { checklist { title items { id title done doneAt } } } }',
        }),
      });
      const body = (await res.json()) as any;
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      return {
        cache: res.headers.get('x-atrium-cache'),
        ...body.data.viewer.checklist,
      };
    };
    const before = await gateway('mei.chen');
    assert.equal(before.title, 'Your first week at Larkspur');
    assert.ok(before.items.length >= 3);
    assert.ok(before.items.every((i: any) => !i.done));

    const ticked = await call('mei.chen', 'PUT', '/checklist/first-deploy', {
      done: true,
    });
    assert.equal(ticked.status, 200);
    // The next read through the gateway shows it at once: answers holding the checklist are not cached.
    const after = await gateway('mei.chen');
    assert.equal(after.cache, 'off');
    const step = after.items.find((i: any) => i.id === 'first-deploy');
    assert.equal(step.done, true);
    assert.ok(!Number.isNaN(Date.parse(step.doneAt)));
    // Someone else's progress is their own.
    assert.ok((await gateway('nadia.haddad')).items.every((i: any) => !i.done));
    assert.equal(
      (await call('mei.chen', 'PUT', '/checklist/no-such-step', { done: true }))
        .status,
      404,
    );
  });

  test("a user's layout survives a restart", async () => {
    await call('alice.nakamura', 'PUT', '/layout', {
      widgets: ['AtriumSystems', 'AtriumWelcome'],
    });
    await backend.stop();
    backend = await startBackend({
      name: 'home-restart',
      dataDir: backend.dataDir,
      port: backend.port,
    });
    const alice = await call('alice.nakamura', 'GET', '/layout');
    assert.equal(alice.body.layout.scope, 'user');
    assert.deepEqual(alice.body.layout.widgets, [
      'AtriumSystems',
      'AtriumWelcome',
    ]);
    // ...and so does checklist progress.
    const checklist = await call('mei.chen', 'GET', '/checklist');
    assert.equal(
      checklist.body.items.find((i: any) => i.id === 'first-deploy').done,
      true,
    );
  });
});
