import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readReviewsConfig } from './config';
import { GithubReviewsClient } from './GithubReviewsClient';
import { PullRequestReviews } from './PullRequestReviews';
import { createRouter } from './router';

/**
 * Atrium's pull request reviews: the caller's pull requests on GitHub (awaiting their review, their own open
 * ones), from GitHub's REST API at the `integrations.github` entry that `reviews.github.host` names. Served at
 * `/api/reviews`.
 */
export const reviewsPlugin = createBackendPlugin({
  pluginId: 'reviews',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, cache, httpRouter, httpAuth, catalog }) {
        const reviewsConfig = readReviewsConfig(config);
        const github = new GithubReviewsClient({
          host: reviewsConfig.host,
          apiBaseUrl: reviewsConfig.apiBaseUrl,
          timeoutMs: reviewsConfig.timeoutMs,
        });
        logger.info(
          `Reviews: GitHub at ${reviewsConfig.apiBaseUrl}, ${
            reviewsConfig.serviceCredentials
              ? `with ${
                  reviewsConfig.serviceCredentials === 'app'
                    ? `the GitHub App installed on ${reviewsConfig.organization}`
                    : 'a service token'
                } from integrations.github`
              : 'without a token (only users who bring their own GitHub token get an answer)'
          }`,
        );
        // Backstage's provider: the integration's token, or a GitHub App's installation token (renewed as it expires).
        const credentials = DefaultGithubCredentialsProvider.fromIntegrations(
          ScmIntegrations.fromConfig(config),
        );
        const githubUrl = `https://${reviewsConfig.host}/${
          reviewsConfig.organization ?? ''
        }`;
        const reviews = new PullRequestReviews({
          config: reviewsConfig,
          serviceToken: async () =>
            (await credentials.getCredentials({ url: githubUrl })).token,
          github,
          catalog,
          cache,
        });
        httpRouter.use(createRouter({ httpAuth, reviews }));
      },
    });
  },
});
