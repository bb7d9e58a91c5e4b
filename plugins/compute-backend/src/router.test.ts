import { join } from 'node:path';
import { documentedRoutes, servedRoutes } from '@atrium/backend-test-utils';
import { createRouter } from './router';

describe('the compute router', () => {
  it('serves exactly the routes its OpenAPI spec describes', () => {
    const unused = {} as any;
    const router = createRouter({
      httpAuth: unused,
      reader: unused,
      actions: unused,
      creation: unused,
      deletion: unused,
      records: unused,
      approvals: unused,
      clusters: [],
    });
    expect(servedRoutes(router)).toEqual(
      documentedRoutes(join(__dirname, 'schema', 'openapi.yaml')),
    );
  });
});
