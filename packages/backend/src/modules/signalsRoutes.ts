import type { IncomingMessage } from 'node:http';
import type { Server } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';

/**
 * The token a WebSocket client presents: Backstage's signals client sends the user's token as the WebSocket
 * subprotocol (browsers cannot set an Authorization header on a WebSocket), and the signals plugin reads it there.
 */
const presentedToken = (req: IncomingMessage) =>
  req.headers['sec-websocket-protocol'];

/**
 * Whether the upgrade presents a Backstage user token: a JWT whose subject is a user entity ref. This only
 * looks at the claims; the signals plugin verifies the signature right after and answers 401 to a bad token.
 * The look is needed because the plugin verifies asynchronously and takes any other outcome (no token, or a
 * valid token that is not a user's, e.g. a service token) for `user:default/guest`, who receives every broadcast.
 */
export function presentsUserToken(req: IncomingMessage): boolean {
  const payload = presentedToken(req)?.split('.')[1];
  if (!payload) return false;
  try {
    const { sub } = JSON.parse(Buffer.from(payload, 'base64url').toString());
    return typeof sub === 'string' && sub.startsWith('user:');
  } catch {
    return false;
  }
}

const isWebSocketUpgrade = (req: IncomingMessage) =>
  req.headers.upgrade?.toLowerCase() === 'websocket';

const UNAUTHORIZED =
  'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

/**
 * Refuses the server's WebSocket upgrades to the signals plugin that present no user token, before the plugin's
 * own upgrade listener sees them: prepended, and synchronous, so the socket is ended by the time the plugin's
 * listener runs (its WebSocket server then drops an ended socket without opening a connection). "To the signals
 * plugin" is the plugin's own test (its base URL ends with the request's URL), so that whatever it would take,
 * this guards; other upgrades are left alone.
 */
export function guardSignalsUpgrades(server: Server, signalsBaseUrl: string) {
  server.prependListener(
    'upgrade',
    (request: IncomingMessage, socket: Duplex) => {
      if (!request.url || !signalsBaseUrl.endsWith(request.url)) return;
      if (presentsUserToken(request)) return;
      socket.end(UNAUTHORIZED, () => socket.destroy());
    },
  );
}

/**
 * The signals plugin opens its router to anonymous callers so that its WebSocket can authenticate on its own,
 * and then takes a WebSocket without a token for `user:default/guest` and hands it every broadcast. Atrium has
 * no guest in production, so nobody legitimate connects without a token. This module answers 401 to its plain
 * HTTP routes (e.g. /health) without user or service credentials, and to its WebSocket upgrades without a
 * user token.
 *
 * The plugin hooks the HTTP server's upgrade event from its router, on the first WebSocket request that reaches
 * it through Express (Node hands upgrades to Express while nothing listens for the event). This module's router
 * runs ahead of the plugin's: it refuses an upgrade that reaches Express without a user token, and hooks the
 * guard onto the server whenever it lets an upgrade through to the plugin, so before the plugin can hook. Not
 * earlier: once anything listens for the event, upgrades no longer reach Express, and the plugin would never
 * hook it.
 *
 * Backstage 1.57 changed this: the signals plugin registers its WebSocket with `httpRouter.addWebSocketHandler`,
 * the framework authenticates the upgrade (subprotocol or Authorization header) and the plugin refuses anything
 * but a user (401 without credentials, 403 for a service), with no guest fallback. Upgrades then go through the
 * server's upgrade listener, never Express, so the upgrade branch below no longer runs; what remains in effect
 * is the 401 on the plain HTTP routes. tests/foundation.test.ts checks the upgrades either way.
 */
export const signalsHttpRoutesModule = createBackendModule({
  pluginId: 'signals',
  moduleId: 'atrium-http-routes',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        discovery: coreServices.discovery,
      },
      async init({ httpRouter, httpAuth, discovery }) {
        const guarded = new WeakSet<Server>();
        let baseUrl: Promise<string> | undefined;
        const router = Router();
        router.use(async (req, _res, next) => {
          if (!isWebSocketUpgrade(req)) {
            await httpAuth.credentials(req, { allow: ['user', 'service'] });
            next();
            return;
          }
          if (!presentsUserToken(req)) {
            // AuthenticationError (401) for a tokenless WebSocket client, which sends no Authorization header.
            await httpAuth.credentials(req, { allow: ['user'] });
          }
          // The plugin's router hooks the upgrade event as this upgrade gets past this router: guard the event
          // first, once per server (the one that accepted the connection, where the plugin hooks it too).
          const server = (req.socket as { server?: Server | null }).server;
          if (server && !guarded.has(server)) {
            baseUrl ??= discovery.getBaseUrl('signals');
            const url = await baseUrl.catch(error => {
              baseUrl = undefined;
              throw error;
            });
            if (!guarded.has(server)) {
              guarded.add(server);
              guardSignalsUpgrades(server, url);
            }
          }
          next();
        });
        httpRouter.use(router);
      },
    });
  },
});
