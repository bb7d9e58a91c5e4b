import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
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
