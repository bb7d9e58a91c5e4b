import express from 'express';
import Router from 'express-promise-router';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { GITHUB_TOKEN_HEADER } from '@atrium/plugin-reviews-common';
import { parseGithubToken } from './request/githubToken';
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
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const githubToken = parseGithubToken(req.header(GITHUB_TOKEN_HEADER));
    // The answer is the caller's own: never kept by a shared cache.
    res.setHeader('cache-control', 'private, no-store');
    res.json(await reviews.overview(credentials, githubToken));
  });

  return router;
}
