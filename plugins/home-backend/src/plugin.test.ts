import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { documentedRoutes, servedRoutes } from '@atrium/backend-test-utils';
import { homePlugin } from './plugin';
import { createRouter } from './router';
import { readChecklistConfig } from './Checklist';
import type { ChecklistService, HomeLayoutsService } from './types';
import { ConfigReader } from '@backstage/config';

/**
 * The home plugin in Backstage's test backend, with its real migrations on in-memory SQLite, over Backstage's
 * catalog mock (named so; tests/home.test.ts runs it in Atrium's backend with the real catalog and a restart).
 */
const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: {
    type: 'team',
    profile: { displayName: `Team ${name}` },
    children: [],
  },
});
const user = (name: string, groups: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: { memberOf: groups },
  relations: groups.map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
});

const ENTITIES = [
  group('payments'),
  group('fleet'),
  group('admins'),
  user('alice', ['payments']),
  user('nadia', ['payments']),
  user('bob', ['fleet']),
  user('ravi', ['admins']),
];

describe('home layouts', () => {
  let backend: TestBackend;
  let base: string;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        homePlugin,
        catalogServiceMock.factory({ entities: ENTITIES }),
        mockServices.rootConfig.factory({
          data: {
            atrium: { identity: { platformAdmins: ['admins'] } },
            home: {
              checklist: {
                items: [
                  {
                    id: 'team-page',
                    title: 'Open your team page',
                    url: '/catalog',
                  },
                  { id: 'first-deploy', title: 'Deploy to staging' },
                ],
              },
            },
          },
        }),
        mockServices.userInfo.mock({
          async getUserInfo(credentials) {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            const entity = ENTITIES.find(
              e => `user:default/${e.metadata.name}` === ref,
            );
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [
                ref,
                ...(entity?.relations ?? []).map(r => r.targetRef),
              ],
            };
          },
        }).factory,
      ],
    });
    base = `http://localhost:${
      (backend.server.address() as AddressInfo).port
    }/api/home`;
  });
  afterAll(() => backend.stop());

  const as = (name: string) => ({
    authorization: mockCredentials.user.header(`user:default/${name}`),
    'content-type': 'application/json',
  });
  const call = async (
    name: string,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: as(name),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  it('gives the global default, then a team default, then the user’s own, and falls back when it is reset', async () => {
    expect((await call('alice', 'GET', '/layout')).body).toEqual({
      layout: null,
      editableGroups: [
        { ref: 'group:default/payments', title: 'Team payments' },
      ],
      canEditGlobal: false,
    });

    expect(
      (await call('ravi', 'PUT', '/layouts/global', { widgets: ['A', 'B'] }))
        .status,
    ).toBe(200);
    const global = (await call('alice', 'GET', '/layout')).body.layout;
    expect(global).toMatchObject({
      scope: 'global',
      widgets: ['A', 'B'],
      updatedBy: 'user:default/ravi',
    });

    expect(
      (
        await call('alice', 'PUT', '/layouts/groups/default/payments', {
          widgets: ['B', 'C'],
        })
      ).status,
    ).toBe(200);
    // A member who never arranged Home gets the team's default; another team still gets the global one.
    expect((await call('nadia', 'GET', '/layout')).body.layout).toMatchObject({
      scope: 'group',
      subject: 'group:default/payments',
      widgets: ['B', 'C'],
    });
    expect((await call('bob', 'GET', '/layout')).body.layout.scope).toBe(
      'global',
    );

    // The user's own layout wins over the team's.
    await call('nadia', 'PUT', '/layout', { widgets: ['C'] });
    expect((await call('nadia', 'GET', '/layout')).body.layout).toMatchObject({
      scope: 'user',
      subject: 'user:default/nadia',
      widgets: ['C'],
    });
    expect((await call('alice', 'GET', '/layout')).body.layout.widgets).toEqual(
      ['B', 'C'],
    );

    expect((await call('nadia', 'DELETE', '/layout')).status).toBe(204);
    expect((await call('nadia', 'GET', '/layout')).body.layout.scope).toBe(
      'group',
    );
  });

  it('lets only members and admins set a team default, and only admins the global one', async () => {
    const team = { widgets: ['X'] };
    const bob = await call(
      'bob',
      'PUT',
      '/layouts/groups/default/payments',
      team,
    );
    expect(bob.status).toBe(403);
    expect(bob.body.error.name).toBe('NotAllowedError');
    expect(
      (await call('ravi', 'PUT', '/layouts/groups/default/fleet', team)).status,
    ).toBe(200);
    expect((await call('alice', 'PUT', '/layouts/global', team)).status).toBe(
      403,
    );
    expect((await call('alice', 'DELETE', '/layouts/global')).status).toBe(403);
    expect(
      (await call('alice', 'GET', '/layouts/global')).body.layout,
    ).toBeTruthy();
    expect(
      (await call('alice', 'GET', '/layouts/groups/default/nosuch')).status,
    ).toBe(404);
    expect(
      (await call('ravi', 'PUT', '/layouts/groups/default/nosuch', team))
        .status,
    ).toBe(404);
  });

  it('answers 400, not 500, for a group ref its path parameters cannot make (found by tests/fuzz.test.ts)', async () => {
    // A namespace of "/" (%2F) made "group://payments", which the catalog model's parser throws on.
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await call(
        'ravi',
        method,
        '/layouts/groups/%2F/payments',
        method === 'PUT' ? { widgets: ['A'] } : undefined,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
    }
  });

  it('refuses malformed layouts with a clear 400 and keeps what was saved', async () => {
    await call('bob', 'PUT', '/layout', { widgets: ['Keep'] });
    for (const bad of [
      [],
      { widgets: 'A' },
      { widgets: ['A', 'A'] },
      { widgets: ['<script>'] },
      { widgets: Array.from({ length: 41 }, (_, i) => `W${i}`) },
    ]) {
      const res = await call('bob', 'PUT', '/layout', bad);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
    }
    expect((await call('bob', 'GET', '/layout')).body.layout.widgets).toEqual([
      'Keep',
    ]);
  });

  it("keeps each user's first-week progress", async () => {
    const first = await call('alice', 'GET', '/checklist');
    expect(first.body).toEqual({
      title: 'Your first week',
      items: [
        {
          id: 'team-page',
          title: 'Open your team page',
          url: '/catalog',
          done: false,
        },
        { id: 'first-deploy', title: 'Deploy to staging', done: false },
      ],
    });
    const ticked = await call('alice', 'PUT', '/checklist/first-deploy', {
      done: true,
    });
    expect(ticked.status).toBe(200);
    expect(ticked.body.items[1]).toMatchObject({ done: true });
    expect(Date.parse(ticked.body.items[1].doneAt)).not.toBeNaN();
    // Ticking again keeps the first time; another user's list is their own.
    const again = await call('alice', 'PUT', '/checklist/first-deploy', {
      done: true,
    });
    expect(again.body.items[1].doneAt).toBe(ticked.body.items[1].doneAt);
    expect(
      (await call('bob', 'GET', '/checklist')).body.items.map(
        (i: any) => i.done,
      ),
    ).toEqual([false, false]);

    expect(
      (await call('alice', 'PUT', '/checklist/no-such-step', { done: true }))
        .status,
    ).toBe(404);
    const bad = await call('alice', 'PUT', '/checklist/team-page', {
      done: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');

    const unticked = await call('alice', 'PUT', '/checklist/first-deploy', {
      done: false,
    });
    expect(unticked.body.items[1]).toEqual({
      id: 'first-deploy',
      title: 'Deploy to staging',
      done: false,
    });
  });

  it('answers only signed-in users', async () => {
    // (Without any token the test backend acts as a mock user; the real one answers 401: tests/routes.ts.)
    const bad = await fetch(`${base}/layout`, {
      headers: { authorization: mockCredentials.user.invalidHeader() },
    });
    expect(bad.status).toBe(401);
    const service = await fetch(`${base}/layout`, {
      headers: { authorization: mockCredentials.service.header() },
    });
    expect(service.status).toBe(403);
  });
});

describe('the home router', () => {
  it('serves exactly the routes its OpenAPI spec describes', () => {
    const unused = () => Promise.reject(new Error('not called'));
    const layouts: HomeLayoutsService = {
      effective: unused,
      saveMine: unused,
      resetMine: unused,
      groupLayout: unused,
      saveGroupLayout: unused,
      deleteGroupLayout: unused,
      globalLayout: unused,
      saveGlobalLayout: unused,
      deleteGlobalLayout: unused,
    };
    const checklist: ChecklistService = { forUser: unused, set: unused };
    const router = createRouter({
      httpAuth: mockServices.httpAuth(),
      auditor: mockServices.auditor.mock(),
      layouts,
      checklist,
    });
    expect(servedRoutes(router)).toEqual(
      documentedRoutes(join(__dirname, 'schema', 'openapi.yaml')),
    );
  });
});

describe('the checklist config', () => {
  const read = (items: Array<Record<string, string>>) =>
    readChecklistConfig(new ConfigReader({ home: { checklist: { items } } }));

  it('refuses ids that repeat or cannot be stored, and links that are neither http(s) nor paths', () => {
    expect(() =>
      read([
        { id: 'a', title: 'A' },
        { id: 'a', title: 'B' },
      ]),
    ).toThrow(/listed twice/);
    expect(() => read([{ id: 'a b', title: 'A' }])).toThrow(/must be 1-100/);
    expect(() =>
      // eslint-disable-next-line no-script-url -- a script link the config must refuse
      read([{ id: 'a', title: 'A', url: 'javascript:alert(1)' }]),
    ).toThrow(/http\(s\) URL or a path/);
    expect(() =>
      read([{ id: 'a', title: 'A', url: '//evil.example' }]),
    ).toThrow();
    expect(
      read([{ id: 'a', title: 'A', url: 'https://wiki.example/x' }]).items,
    ).toHaveLength(1);
  });
});
