import { resolve } from 'node:path';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { BareRepositories } from './repos';
import { createGitServerRouter } from './router';

/**
 * The embedded default's git server, at `/api/git-server`. Does nothing unless `atrium.gitServer.enabled` is
 * true, and refuses to start with `auth.environment: production` (production publishes to GitHub or GitLab).
 */
export const gitServerPlugin = createBackendPlugin({
  pluginId: 'git-server',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ config, logger, httpRouter, httpAuth, auth, discovery }) {
        const c = config.getOptionalConfig('atrium.gitServer');
        if (!c?.getOptionalBoolean('enabled')) {
          return;
        }
        if (config.getOptionalString('auth.environment') === 'production') {
          throw new Error(
            'atrium.gitServer is for the embedded default and tests: production publishes with publish:github or publish:gitlab (app-config.production.yaml)',
          );
        }
        const repos = new BareRepositories(
          resolve(c.getOptionalString('dataDir') ?? '../../data/git'),
        );
        const baseUrl = await discovery.getExternalBaseUrl('git-server');
        httpRouter.use(
          createGitServerRouter({
            repos,
            auth,
            httpAuth,
            logger,
            writers: c.getOptionalStringArray('writers') ?? ['scaffolder'],
            baseUrl,
          }),
        );
        // Clones and raw files are open (the catalog's URL reader has no credentials); pushes and repository
        // management check a writer's service token themselves.
        httpRouter.addAuthPolicy({ path: '/repos', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({ path: '/raw', allow: 'unauthenticated' });
        logger.info(
          `Embedded git server at ${baseUrl}/repos, repositories in ${repos.root} (not for production)`,
        );
      },
    });
  },
});
