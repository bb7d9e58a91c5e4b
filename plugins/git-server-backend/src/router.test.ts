import { join } from 'node:path';
import { documentedRoutes, servedRoutes } from '@atrium/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { BareRepositories } from './repos';
import { createGitServerRouter } from './router';

describe('the git server router', () => {
  it('serves exactly the routes its OpenAPI spec describes', () => {
    const router = createGitServerRouter({
      repos: new BareRepositories(join(__dirname, 'never-created')),
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      logger: mockServices.logger.mock(),
      writers: ['scaffolder'],
      baseUrl: 'http://localhost/api/git-server',
    });
    // Express writes the raw file's path as a wildcard; the spec names it {path}.
    expect(servedRoutes(router).map(r => r.replace(/\/\*$/, '/:path'))).toEqual(
      documentedRoutes(join(__dirname, 'schema', 'openapi.yaml')),
    );
  });
});
