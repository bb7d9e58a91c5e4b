import express from 'express';
import Router from 'express-promise-router';
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { GITHUB_TOKEN_HEADER } from '@atrium/plugin-reviews-common';
import type { ReviewsService } from './types';

/**
 * The reviews REST API (`/api/reviews`), for signed-in users only. `src/schema/openapi.yaml` describes the
 * same routes, and a test keeps them equal. The route hands over to the reviews service (`types.ts`).
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  reviews: ReviewsService;
}): express.Router {
  const { httpAuth, reviews } = options;
  const router = Router();

  router.get('/me', async (req, res) => {
    const credentials = (await httpAuth.credentials(req, {
      allow: ['user'],
    })) as BackstageCredentials<BackstageUserPrincipal>;
    const githubToken = req.header(GITHUB_TOKEN_HEADER) || undefined;
    if (githubToken && !/^[\x21-\x7e]{1,1024}$/.test(githubToken)) {
      throw new InputError(
        `${GITHUB_TOKEN_HEADER} must be a GitHub token (printable characters, no spaces)`,
      );
    }
    // The answer is the caller's own: never kept by a shared cache.
    res.setHeader('cache-control', 'private, no-store');
    res.json(await reviews.overview(credentials, githubToken));
  });

  return router;
}
