import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import Router from 'express-promise-router';
import type { IncomingMessage } from 'node:http';
import { json } from 'node:stream/consumers';


/** The most this reads of a body: the catalog's own JSON parser (express.json) takes up to 100 kB. */
const MAX_BODY_BYTES = 100 * 1024;

/**
 * Checks `POST /refresh` bodies ahead of the catalog's router: an empty `entityRef` is refused with 400. The
 * catalog passes it on to the permission framework, which takes the empty ref for "no resource" and fails
 * on the policy's conditional answer, so the caller got a 500 (a ZodError). Any other body goes on as it came.
 *
 * The catalog's router parses the body itself, after this; so this parses it and marks it parsed, as
 * Express's JSON parser does, and the catalog's parser then takes it as it is. Bodies this does not read (not
 * JSON, no length, over 100 kB) reach the catalog untouched.
 */
export function catalogRefreshRequestCheck() {
  const router = Router();
  router.post('/refresh', async (req, _res, next) => {
    const length = Number(req.headers['content-length']);
    const isJson = /^application\/json\b/i.test(
      req.headers['content-type'] ?? '',
    );
    if (!isJson || !(length > 0 && length <= MAX_BODY_BYTES)) {
      next();
      return;
    }
    let body: unknown;
    try {
      body = await json(req);
    } catch (error) {
      throw new InputError(String((error as Error).message ?? error));
    }
    // Express's parser (strict, as the catalog's) takes objects and arrays only, and answers 400 to the rest.
    if (body === null || typeof body !== 'object') {
      throw new InputError('request body must be a JSON object or array');
    }
    Object.assign(req as IncomingMessage & object, { body, _body: true });
    if ((body as { entityRef?: unknown }).entityRef === '') {
      throw new InputError('request/body/entityRef must not be empty');
    }
    next();
  });
  return router;
}

/**
 * The catalog module that installs {@link catalogRefreshRequestCheck}. Modules initialise before their plugin,
 * so its router runs ahead of the catalog's routes.
 */
export const catalogRefreshRequestsModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'atrium-refresh-requests',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use(catalogRefreshRequestCheck());
      },
    });
  },
});
