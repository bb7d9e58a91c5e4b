import {
  coreServices,
  createBackendModule,
  type HttpAuthService,
} from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';

type Request = Parameters<HttpAuthService['credentials']>[0];

/**
 * A module that makes part of a plugin's router answer 401 (AuthenticationError) to callers without user or
 * service credentials. Modules initialise before their plugin, so this runs ahead of the plugin's routes.
 */
function closeToAnonymous(options: {
  pluginId: string;
  moduleId: string;
  /** Which requests need credentials. */
  applies: (req: Request) => boolean;
}) {
  return createBackendModule({
    pluginId: options.pluginId,
    moduleId: options.moduleId,
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.use(async (req, _res, next) => {
            if (options.applies(req)) {
              await httpAuth.credentials(req, { allow: ['user', 'service'] });
            }
            next();
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

/**
 * How one gets credentials, so open to anonymous callers: each provider's OAuth steps, and the discovery
 * document and public keys of Backstage's token issuer (other services verify tokens with them).
 */
export const isSignInRoute = (path: string) =>
  /^\/[^/.]+\/(start|handler\/frame|refresh|logout)$/.test(path) ||
  /^\/\.well-known\/(openid-configuration|jwks\.json)$/.test(path);

/**
 * The auth plugin opens its whole router to anonymous callers, because sign-in must work before anyone has a
 * token. That also opens the routes every plugin carries for other backends (the actions registry, the
 * permission metadata) and anything a module adds. This module closes everything on the auth plugin but the
 * sign-in routes, so that anonymous callers reach only those.
 */
export const authInternalRoutesModule = closeToAnonymous({
  pluginId: 'auth',
  moduleId: 'atrium-internal-routes',
  // `/v1/userinfo` checks the caller's user token itself (answering 401 without one); the userInfo service
  // of every plugin calls it with a token that this generic check does not accept.
  applies: req => !isSignInRoute(req.path) && req.path !== '/v1/userinfo',
});

/**
 * The app plugin serves the frontend at `/` and, as the same router, at `/api/app`. Browsers load the frontend
 * from `/`; nothing uses the `/api/app` alias, so under /api it answers like every other API: 401 without
 * credentials. `/` stays public, as the sign-in page must load before anyone has a token.
 */
export const appApiAliasModule = closeToAnonymous({
  pluginId: 'app',
  moduleId: 'atrium-api-alias',
  // Except Backstage's user-cookie endpoint, which checks credentials itself: the app gets its cookie there
  // with its token, and sign-out deletes it with nothing but the cookie (server-side rendering reads it).
  applies: req =>
    (req.baseUrl === '/api/app' || req.baseUrl.startsWith('/api/app/')) &&
    req.path !== '/.backstage/auth/v1/cookie',
});

/**
 * The signals plugin opens its router to anonymous callers so that its WebSocket can authenticate on its own.
 * This module closes its plain HTTP routes (e.g. /health). The WebSocket upgrade does not pass through here: on
 * Backstage 1.57 the plugin registers it with `httpRouter.addWebSocketHandler`, the framework authenticates it,
 * and the plugin refuses anything but a user (401 without credentials, 403 for a service), with no guest
 * fallback. tests/foundation.test.ts checks the upgrades.
 */
export const signalsHttpRoutesModule = closeToAnonymous({
  pluginId: 'signals',
  moduleId: 'atrium-http-routes',
  applies: () => true,
});
