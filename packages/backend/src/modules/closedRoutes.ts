import {
  coreServices,
  createBackendModule,
  type HttpAuthService,
} from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';

/** Passes only requests with user or service credentials; others get a 401 (AuthenticationError). */
const requireCredentials =
  (httpAuth: HttpAuthService) =>
  async (req: Parameters<HttpAuthService['credentials']>[0]) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
  };

/**
 * The auth plugin opens its whole router to anonymous callers, because sign-in must work before anyone has a
 * token. That also opens the routes every plugin carries for other backends: the actions registry
 * (`/.backstage/...`) and the permission metadata (`/.well-known/backstage/...`). This module closes those two
 * on the auth plugin, so that anonymous callers reach only the sign-in endpoints.
 */
export const authInternalRoutesModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'atrium-internal-routes',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const check = requireCredentials(httpAuth);
        const router = Router();
        router.use(
          ['/.backstage', '/.well-known/backstage'],
          async (req, _res, next) => {
            await check(req);
            next();
          },
        );
        httpRouter.use(router);
      },
    });
  },
});

/**
 * The app plugin serves the frontend at `/` and, as the same router, at `/api/app`. Browsers load the frontend
 * from `/`; nothing uses the `/api/app` alias, so under /api it answers like every other API: 401 without
 * credentials. `/` stays public, as the sign-in page must load before anyone has a token.
 */
export const appApiAliasModule = createBackendModule({
  pluginId: 'app',
  moduleId: 'atrium-api-alias',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const check = requireCredentials(httpAuth);
        const router = Router();
        router.use(async (req, _res, next) => {
          if (
            req.baseUrl === '/api/app' ||
            req.baseUrl.startsWith('/api/app/')
          ) {
            await check(req);
          }
          next();
        });
        httpRouter.use(router);
      },
    });
  },
});
