import type { AddressInfo } from 'node:net';
import express from 'express';
import { join } from 'node:path';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { documentedRoutes, servedRoutes } from '@atrium/backend-test-utils';
import { createRouter } from './router';
import type { AdoptionService } from './service/types';

describe('the adoption router', () => {
  it('serves exactly the routes its OpenAPI spec describes (service mocked)', () => {
    const unused = () => Promise.reject(new Error('not called'));
    const service = new Proxy({}, { get: () => unused }) as AdoptionService;
    const router = createRouter({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      service,
    });
    expect(servedRoutes(router)).toEqual(
      documentedRoutes(join(__dirname, 'schema', 'openapi.yaml')),
    );
  });
});

describe("the adoption router's /server-events", () => {
  async function serve() {
    const recordEvents = jest.fn(
      async (_body: unknown, _user: string | null) => ({
        accepted: 1,
        rejected: [],
      }),
    );
    const app = express();
    app.use(
      createRouter({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.service('plugin:operations'),
        }),
        permissions: mockServices.permissions(),
        service: { recordEvents } as unknown as AdoptionService,
      }),
    );
    // Backstage's own error middleware, as the backend's root router answers errors (InputError: 400).
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    const server = app.listen(0);
    const { port } = server.address() as AddressInfo;
    const post = async (body: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}/server-events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    return { post, recordEvents, close: () => server.close() };
  }

  it('records for the user named, for no user with an explicit null, and refuses a missing user', async () => {
    const { post, recordEvents, close } = await serve();
    try {
      const events = [{ action: 'funnel.first-alert-rule' }];
      expect(
        await post({ userEntityRef: 'user:default/alice', events }),
      ).toEqual({ status: 202, body: { accepted: 1 } });
      expect(recordEvents).toHaveBeenLastCalledWith(
        { userEntityRef: 'user:default/alice', events },
        'user:default/alice',
      );
      expect(await post({ userEntityRef: null, events })).toEqual({
        status: 202,
        body: { accepted: 1 },
      });
      expect(recordEvents).toHaveBeenLastCalledWith(
        { userEntityRef: null, events },
        null,
      );
      for (const body of [
        { events },
        { userEntityRef: 'group:default/a', events },
      ]) {
        const res = await post(body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/userEntityRef must be/);
      }
      expect(recordEvents).toHaveBeenCalledTimes(2);
    } finally {
      close();
    }
  });
});
