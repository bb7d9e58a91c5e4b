import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import graphqlPlugin from '@atrium/plugin-graphql-backend';
import reviewsPlugin from '@atrium/plugin-reviews-backend';
import { graphqlModuleReviews } from './module';

/**
 * `Viewer.reviews` end to end in Backstage's test backend: the real gateway with this module, the real reviews
 * backend reached over HTTP with a token made for the viewer, Backstage's catalog mock (named so), and a
 * loopback stand-in for GitHub that answers with the reviews backend's hand-written GitHub REST responses (not captured).
 */
const fixtures = join(
  dirname(require.resolve('@atrium/plugin-reviews-backend/package.json')),
  'src',
  '__fixtures__',
);
const recorded = (name: string) =>
  JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8'));

const QUERY = `{
  viewer {
    reviews {
      configured login reason githubSignIn
      awaitingMyReview { totalCount items { id repository number draft } }
      myOpenPullRequests { totalCount items { id draft } }
    }
  }
}`;

async function startGateway(config: object) {
  const backend = await startTestBackend({
    features: [
      graphqlPlugin,
      graphqlModuleReviews,
      reviewsPlugin,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: {
              name: 'alice',
              annotations: { 'github.com/user-login': 'alice-larkspur' },
            },
            spec: { memberOf: [] },
          },
        ],
      }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  const url = `http://localhost:${
    (backend.server.address() as AddressInfo).port
  }/api/graphql`;
  const query = async (headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: mockCredentials.user.header('user:default/alice'),
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify({ query: QUERY }),
    });
    return {
      status: res.status,
      cache: res.headers.get('x-atrium-cache'),
      body: await res.json(),
    };
  };
  return { backend, query };
}

describe('Viewer.reviews through the gateway (hand-written GitHub REST responses, not captured)', () => {
  let github: http.Server;
  let githubUrl: string;
  let rateLimited = false;
  const tokens: string[] = [];

  beforeAll(async () => {
    github = http.createServer((req, res) => {
      tokens.push(req.headers.authorization ?? '');
      const answer = rateLimited
        ? recorded('rate-limit-exceeded')
        : recorded('search-author');
      res.writeHead(answer.status, answer.headers);
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>(r => github.listen(0, '127.0.0.1', r));
    githubUrl = `http://127.0.0.1:${(github.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(r => github.close(r)));

  it('answers the viewer’s pull requests, and GitHub’s rate limit as an error with its reset time', async () => {
    const { backend, query } = await startGateway({
      integrations: {
        github: [
          {
            host: 'github.larkspur.example',
            apiBaseUrl: githubUrl,
            token: 'ghp_service',
          },
        ],
      },
      reviews: {
        github: { host: 'github.larkspur.example', cacheTtlSeconds: 0 },
      },
      graphql: { responseCache: { enabled: false } },
    });
    try {
      const ok = await query();
      expect(ok.status).toBe(200);
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data.viewer.reviews).toEqual({
        configured: true,
        login: 'alice-larkspur',
        reason: null,
        githubSignIn: false,
        awaitingMyReview: {
          totalCount: 2,
          items: [
            {
              id: 'larkspur/payments-gateway#415',
              repository: 'larkspur/payments-gateway',
              number: 415,
              draft: true,
            },
            {
              id: 'larkspur/atrium-catalog#77',
              repository: 'larkspur/atrium-catalog',
              number: 77,
              draft: false,
            },
          ],
        },
        myOpenPullRequests: {
          totalCount: 2,
          items: [
            { id: 'larkspur/payments-gateway#415', draft: true },
            { id: 'larkspur/atrium-catalog#77', draft: false },
          ],
        },
      });
      expect(tokens.every(t => t === 'Bearer ghp_service')).toBe(true);

      rateLimited = true;
      const limited = await query();
      expect(limited.body.data).toBeNull();
      expect(limited.body.errors[0]).toMatchObject({
        message: expect.stringContaining(
          'used up until 2026-11-28T09:15:03.000Z',
        ),
        path: ['viewer', 'reviews'],
        extensions: {
          code: 'GITHUB_RATE_LIMITED',
          resetAt: '2026-11-28T09:15:03.000Z',
        },
      });
    } finally {
      rateLimited = false;
      await backend.stop();
    }
  });

  it('reads GitHub with the viewer’s own token from x-github-token, and never serves that answer to a request without it', async () => {
    tokens.length = 0;
    const { backend, query } = await startGateway({
      integrations: {
        github: [{ host: 'github.larkspur.example', apiBaseUrl: githubUrl }],
      },
      reviews: {
        github: { host: 'github.larkspur.example', cacheTtlSeconds: 0 },
      },
      auth: {
        providers: {
          github: { development: { clientId: 'c', clientSecret: 's' } },
        },
      },
    });
    try {
      const own = await query({ 'x-github-token': 'gho_alice' });
      expect(own.body.errors).toBeUndefined();
      expect(own.cache).toBe('miss');
      expect(own.body.data.viewer.reviews).toMatchObject({
        configured: true,
        login: 'alice-larkspur',
        githubSignIn: true,
        myOpenPullRequests: { totalCount: 2 },
      });
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.every(t => t === 'Bearer gho_alice')).toBe(true);
      expect((await query({ 'x-github-token': 'gho_alice' })).cache).toBe(
        'hit',
      );

      // Without her token (no service token either): GitHub is not configured, not her cached pull requests.
      const without = await query();
      expect(without.cache).toBe('miss');
      expect(without.body.data.viewer.reviews).toMatchObject({
        configured: false,
        login: null,
        githubSignIn: true,
        myOpenPullRequests: { totalCount: 0 },
      });
    } finally {
      await backend.stop();
    }
  });

  it('answers "not configured" without an error when there is no token', async () => {
    const { backend, query } = await startGateway({});
    try {
      const { body } = await query();
      expect(body.errors).toBeUndefined();
      expect(body.data.viewer.reviews).toMatchObject({
        configured: false,
        login: null,
        reason: expect.stringContaining('integrations.github'),
        githubSignIn: false,
        awaitingMyReview: { totalCount: 0, items: [] },
      });
    } finally {
      await backend.stop();
    }
  });
});
