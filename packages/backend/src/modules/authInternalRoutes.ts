import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';

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
        const router = Router();
        router.use(['/.backstage', '/.well-known/backstage'], async (req, _res, next) => {
          // Throws AuthenticationError (401) without user or service credentials.
          await httpAuth.credentials(req, { allow: ['user', 'service'] });
          next();
        });
        httpRouter.use(router);
      },
    });
  },
});
