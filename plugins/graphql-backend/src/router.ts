import type {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import type { GatewayService } from './types';

/**
 * `/api/graphql`: `POST /` with `{ query, variables?, operationName? }` as JSON, for signed-in users. The
 * answer is GraphQL's `{ data, errors }`; a request refused before it runs (no query, unparseable, over the
 * limits, invalid against the schema) is a 400 whose `errors[0].extensions.code` says why. `x-atrium-cache`
 * tells whether the per-user response cache answered (`hit`), stored the answer (`miss`) or neither (`off`).
 * The request headers schema contributions declare in `forwardedHeaders` (e.g. `x-github-token`, a user's own
 * GitHub token for the reviews module) are passed to their resolvers; no other header is.
 */
export function createRouter(deps: {
  gateway: GatewayService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
}): express.Router {
  const { gateway, httpAuth, userInfo } = deps;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.post('/', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
    // Only the headers a schema contribution declares reach the resolvers.
    const headers: Record<string, string | undefined> = {};
    for (const name of gateway.forwardedHeaders) {
      headers[name] = req.header(name);
    }
    const answer = await gateway.run(
      req.body ?? {},
      { credentials, ownershipEntityRefs },
      headers,
    );
    res
      .status(answer.status)
      .set('content-type', 'application/json; charset=utf-8')
      .set('cache-control', 'private, no-store')
      .set('x-atrium-cache', answer.cache)
      .send(answer.body);
  });

  return router;
}
