import { join } from 'node:path';
import { documentedRoutes, servedRoutes } from '@atrium/backend-test-utils';
import { createRouter, sortVersions } from './router';

describe('the compute router', () => {
  it('serves exactly the routes its OpenAPI spec describes', () => {
    const unused = {} as any;
    const router = createRouter({
      httpAuth: unused,
      reader: unused,
      actions: unused,
      creation: unused,
      deletion: unused,
      audit: unused,
      registry: unused,
      approvals: unused,
      clusters: [],
    });
    expect(servedRoutes(router)).toEqual(
      documentedRoutes(join(__dirname, 'schema', 'openapi.yaml')),
    );
  });

  it('orders tags newest version first', () => {
    expect(
      sortVersions([
        '1.9.2',
        '1.10.0',
        '2.0.0-rc.1',
        '0.1.0',
        'latest',
        '2.0.0',
      ]),
    ).toEqual(['2.0.0', '2.0.0-rc.1', '1.10.0', '1.9.2', '0.1.0', 'latest']);
  });
});
