import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { documentedRoutes, servedRoutes } from '@atrium/backend-test-utils';
import { createRouter } from './router';

type Services = Parameters<typeof createRouter>[0];

/** A fake service: every method answers what `answers` gives for it (an Error is thrown), and each call is kept. */
function fake<T extends object>(answers: Partial<Record<keyof T, unknown>>) {
  const calls: Array<{ method: keyof T; args: unknown[] }> = [];
  const service = new Proxy({} as T, {
    get:
      (_target, method) =>
      async (...args: unknown[]) => {
        calls.push({ method: method as keyof T, args });
        if (!(method in answers)) {
          throw new Error(`${String(method)} was not expected`);
        }
        const answer = answers[method as keyof T];
        if (answer instanceof Error) throw answer;
        return answer;
      },
  });
  return { service, calls };
}

const APP = '/clusters/sim-a/namespaces/team-payments/apps/ledger';
const appRef = { cluster: 'sim-a', namespace: 'team-payments', name: 'ledger' };
const user = mockCredentials.user();

describe('the compute router', () => {
  const reader = fake<Services['reader']>({
    componentsWorkloads: [null],
    componentWorkloads: { entityRef: 'component:default/ledger' },
    podLogs: { lines: ['ok'] },
  });
  const records = fake<Services['records']>({
    componentActivity: { items: [] },
    appTags: { image: 'registry.test/ledger', tags: ['1.0.0'] },
  });
  let actionAnswer: unknown = { record: {} };
  const actions = fake<Services['actions']>({
    get perform() {
      return actionAnswer;
    },
    check: { needsApproval: false, reasons: [] },
  });
  let createAnswer: unknown = { dryRun: false, apps: [] };
  const creation = fake<Services['creation']>({
    get perform() {
      return createAnswer;
    },
  });
  const deletion = fake<Services['deletion']>({ delete: undefined });
  const approvals = fake<Services['approvals']>({
    list: [],
    reject: { status: 'rejected' },
  });
  const router = createRouter({
    httpAuth: mockServices.httpAuth(),
    reader: reader.service,
    records: records.service,
    actions: actions.service,
    creation: creation.service,
    deletion: deletion.service,
    approvals: approvals.service,
    clusters: [],
  });

  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(router);
    // The backend's own error middleware, as production answers Backstage's errors.
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    for (const f of [reader, records, actions, creation, deletion, approvals]) {
      f.calls.length = 0;
    }
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  it('serves exactly the routes its OpenAPI spec describes', () => {
    expect(servedRoutes(router)).toEqual(
      documentedRoutes(join(__dirname, 'schema', 'openapi.yaml')),
    );
  });

  it.each([
    [
      '/components/default/ledger/activity?before=9',
      records,
      {
        method: 'componentActivity',
        args: [
          { namespace: 'default', name: 'ledger' },
          user,
          { limit: 50, before: 9 },
        ],
      },
    ],
    [`${APP}/tags`, records, { method: 'appTags', args: [appRef, user] }],
    [
      '/clusters/sim-a/namespaces/team-payments/pods/ledger-1/logs?container=app&tailLines=5',
      reader,
      {
        method: 'podLogs',
        args: [
          { cluster: 'sim-a', namespace: 'team-payments', pod: 'ledger-1' },
          { container: 'app', tailLines: 5 },
          user,
        ],
      },
    ],
  ])('hands GET %s its checked query', async (path, service, expected) => {
    expect((await call('GET', path)).status).toBe(200);
    expect(service.calls).toEqual([expected]);
  });

  it('refuses a bad activity limit before reading', async () => {
    const bad = await call(
      'GET',
      '/components/default/ledger/activity?limit=0',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      name: 'InputError',
      message: 'limit must be a whole number from 1 to 500',
    });
    expect(records.calls).toHaveLength(0);
  });

  it("answers an App's tags from the records service", async () => {
    expect((await call('GET', `${APP}/tags`)).body).toEqual({
      image: 'registry.test/ledger',
      tags: ['1.0.0'],
    });
  });

  it('reads many components, and refuses what is not a list of refs', async () => {
    const ok = await call('POST', '/components/workloads', {
      entityRefs: ['component:default/ledger'],
    });
    expect(ok).toEqual({ status: 200, body: { items: [null] } });
    expect(reader.calls[0]).toEqual({
      method: 'componentsWorkloads',
      args: [['component:default/ledger'], user],
    });
    const bad = await call('POST', '/components/workloads', {
      entityRefs: 'component:default/ledger',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'entityRefs must be a list of entity refs',
    );
    expect(reader.calls).toHaveLength(1);
  });

  it('answers an owner action 200 when applied and 202 when stored for approval, and refuses a body that is no object', async () => {
    const body = { replicas: 3, resourceVersion: '7' };
    expect((await call('POST', `${APP}/scale`, body)).status).toBe(200);
    expect(actions.calls).toEqual([
      { method: 'perform', args: ['scale', appRef, body, user] },
    ]);
    actionAnswer = { approval: { id: 'a1' } };
    expect((await call('POST', `${APP}/scale`, body)).status).toBe(202);
    actionAnswer = { record: {} };
    expect((await call('POST', `${APP}/deploy/check`, {})).body).toEqual({
      needsApproval: false,
      reasons: [],
    });
    const bad = await call('POST', `${APP}/rollback`, [1]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Send a JSON object');
    expect(actions.calls).toHaveLength(3);
  });

  it.each([
    { error: new NotAllowedError('only the owners may'), status: 403 },
    { error: new NotFoundError('No App ledger'), status: 404 },
    {
      error: new ConflictError('ledger changed since you loaded it'),
      status: 409,
    },
  ])(
    "answers a service's $error.name with $status",
    async ({ error, status }) => {
      actionAnswer = error;
      const res = await call('POST', `${APP}/restart`, {
        resourceVersion: '7',
      });
      actionAnswer = { record: {} };
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({
        name: error.name,
        message: error.message,
      });
    },
  );

  it('answers a creation 201, a dry run 200, a request for approval 202', async () => {
    const team = '/teams/default/team-payments/apps';
    createAnswer = { dryRun: false, apps: [] };
    expect((await call('POST', team, { name: 'ledger' })).status).toBe(201);
    createAnswer = { dryRun: true, apps: [] };
    expect((await call('POST', team, { name: 'ledger' })).status).toBe(200);
    createAnswer = { approval: { id: 'a1' } };
    expect((await call('POST', team, { name: 'ledger' })).status).toBe(202);
    expect(creation.calls[0]).toEqual({
      method: 'perform',
      args: [
        { namespace: 'default', name: 'team-payments' },
        { name: 'ledger' },
        user,
      ],
    });
  });

  it('deletes an App with 204', async () => {
    expect((await call('DELETE', APP)).status).toBe(204);
    expect(deletion.calls).toEqual([
      { method: 'delete', args: [appRef, user] },
    ]);
  });

  it('lists and rejects requests for approval with their checked query and comment', async () => {
    expect((await call('GET', '/approvals?awaiting=me')).body).toEqual({
      items: [],
    });
    expect((await call('GET', '/approvals')).body.error.message).toBe(
      'Ask for awaiting=me or requestedBy=me',
    );
    await call('POST', '/approvals/a1/reject', { comment: ' no ' });
    expect(approvals.calls).toEqual([
      { method: 'list', args: [{ awaiting: 'me' }, user] },
      { method: 'reject', args: ['a1', 'no', user] },
    ]);
  });
});
