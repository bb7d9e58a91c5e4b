import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { documentedRoutes, servedRoutes } from '@atrium/backend-test-utils';
import { readReviewsConfig } from './config';
import { reviewsPlugin } from './plugin';
import { createRouter } from './router';
import type { ReviewsService } from './types';
import {
  startRecordedGithub,
  TOKENS,
  type RecordedGithub,
} from './testing/recordedGithub';

/**
 * The reviews plugin in Backstage's test backend, over Backstage's catalog mock (named so), asking a loopback
 * HTTP server that answers with hand-written GitHub REST responses (src/__fixtures__, not captured) as a GitHub Enterprise host.
 */
const user = (name: string, login?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name,
    ...(login ? { annotations: { 'github.com/user-login': login } } : {}),
  },
  spec: { memberOf: [] },
});

const ENTITIES = [
  user('alice', 'alice-larkspur'),
  user('bob'),
  user('carol', 'no-such-login'),
  user('dana', 'dana; repo:larkspur/secret'),
  user('erin', 'erin-larkspur'),
  user('frank', 'frank-larkspur'),
];

async function start(config: object) {
  const backend = await startTestBackend({
    features: [
      reviewsPlugin,
      catalogServiceMock.factory({ entities: ENTITIES }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  const base = `http://localhost:${
    (backend.server.address() as AddressInfo).port
  }/api/reviews`;
  const me = async (name: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/me`, {
      headers: {
        authorization: mockCredentials.user.header(`user:default/${name}`),
        ...headers,
      },
    });
    return { status: res.status, body: await res.json() };
  };
  return { backend, base, me };
}

describe('reviews (against hand-written GitHub REST responses, not captured from GitHub)', () => {
  let gh: RecordedGithub;
  let backend: TestBackend;
  let base: string;
  let me: Awaited<ReturnType<typeof start>>['me'];

  beforeAll(async () => {
    gh = await startRecordedGithub();
    ({ backend, base, me } = await start({
      integrations: {
        github: [
          {
            host: 'github.larkspur.example',
            apiBaseUrl: `${gh.url}/api/v3`,
            token: TOKENS.service,
          },
        ],
      },
      reviews: { github: { host: 'github.larkspur.example' } },
    }));
  });
  afterAll(async () => {
    await backend.stop();
    await gh.close();
  });
  beforeEach(() => {
    gh.requests.length = 0;
    gh.mode = 'ok';
  });

  it('lists the pull requests awaiting my review and my own, for the login in my User entity', async () => {
    const { status, body } = await me('alice');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      configured: true,
      host: 'github.larkspur.example',
      login: 'alice-larkspur',
      awaitingMyReview: { totalCount: 5 },
      myOpenPullRequests: { totalCount: 2 },
    });
    expect(body.reason).toBeUndefined();
    // The fixture answer has 5 results over 3 pages (per_page=2); all are read by following Link.
    expect(body.awaitingMyReview.items).toHaveLength(5);
    expect(body.awaitingMyReview.items[2]).toEqual({
      repository: 'larkspur/payments-gateway',
      number: 409,
      title: 'Split settlement export into daily files',
      url: 'https://github.com/larkspur/payments-gateway/pull/409',
      author: 'bob-fleet',
      draft: false,
      updatedAt: '2026-11-27T17:12:03Z',
    });
    expect(body.myOpenPullRequests.items[0]).toMatchObject({
      number: 415,
      draft: true,
    });
    expect(gh.requests.every(r => r.token === TOKENS.service)).toBe(true);
    expect(gh.requests.filter(r => r.path === '/search/issues')).toHaveLength(
      4,
    );

    // Kept for a minute: GitHub is not asked again.
    gh.requests.length = 0;
    expect((await me('alice')).body).toEqual(body);
    expect(gh.requests).toHaveLength(0);
  });

  it('never lets the service token answer for a user whose GitHub login it does not know', async () => {
    const { status, body } = await me('bob');
    expect(status).toBe(200);
    expect(body).toEqual({
      configured: true,
      host: 'github.larkspur.example',
      githubSignIn: false,
      awaitingMyReview: { items: [], totalCount: 0 },
      myOpenPullRequests: { items: [], totalCount: 0 },
      reason: expect.stringContaining(
        'your User entity (user:default/bob) has no github.com/user-login annotation',
      ),
    });
    expect(body.reason).toMatch(/service token/);
    expect(gh.requests).toHaveLength(0);

    const dana = await me('dana');
    expect(dana.body.reason).toMatch(/is not a GitHub login/);
    expect(gh.requests).toHaveLength(0);
  });

  it('finds my login from my own GitHub token, and asks GitHub with it', async () => {
    const { status, body } = await me('bob', {
      'x-github-token': TOKENS.alice,
    });
    expect(status).toBe(200);
    expect(body.login).toBe('alice-larkspur');
    expect(body.awaitingMyReview.totalCount).toBe(5);
    expect(gh.requests[0]).toMatchObject({ path: '/user' });
    expect(gh.requests.every(r => r.token === TOKENS.alice)).toBe(true);
  });

  it('says until when GitHub’s rate limit is used up', async () => {
    gh.mode = 'rate-limited';
    const { status, body } = await me('erin');
    expect(status).toBe(503);
    expect(body.error).toMatchObject({
      name: 'GithubRateLimitError',
      failure: 'rate-limited',
      resetAt: '2026-11-28T09:15:03.000Z',
    });
    expect(body.error.message).toMatch(
      /search rate limit for github\.larkspur\.example is used up until 2026-11-28T09:15:03\.000Z/,
    );
  });

  it('says clearly when GitHub rejects a token or a login', async () => {
    // The caller's own token is the caller's error (400), not a bad gateway: the fuzzer (tests/fuzz.test.ts) sent
    // made-up x-github-token values, and each one answered 502.
    const revoked = await me('frank', { 'x-github-token': 'gho_revoked' });
    expect(revoked.status).toBe(400);
    expect(revoked.body.error).toMatchObject({
      name: 'GithubError',
      failure: 'bad-credentials',
      message:
        'GitHub rejected your own GitHub token for github.larkspur.example (401 Bad credentials): sign in to GitHub again',
    });

    const unknown = await me('carol');
    expect(unknown.status).toBe(502);
    expect(unknown.body.error.message).toMatch(
      /refused GET \/search\/issues \(422 Validation Failed: The listed users and repositories cannot be searched/,
    );

    const bad = await me('alice', { 'x-github-token': 'two words' });
    expect(bad.status).toBe(400);
  });

  it('answers only signed-in users', async () => {
    const service = await fetch(`${base}/me`, {
      headers: { authorization: mockCredentials.service.header() },
    });
    expect(service.status).toBe(403);
  });
});

describe('reviews with a GitHub App (against a stand-in GitHub, not GitHub)', () => {
  it('searches with the installation token Backstage’s credentials provider gets for the organization', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    const gh = await startRecordedGithub({
      app: {
        appId: 4242,
        publicKeyPem: publicKey.export({
          type: 'spki',
          format: 'pem',
        }) as string,
        owner: 'larkspur',
      },
    });
    const { backend, me } = await start({
      integrations: {
        github: [
          {
            host: 'github.larkspur.example',
            apiBaseUrl: `${gh.url}/api/v3`,
            apps: [
              {
                appId: 4242,
                clientId: 'Iv1.standInApp',
                clientSecret: 'stand-in-app-secret',
                privateKey: privateKey.export({
                  type: 'pkcs8',
                  format: 'pem',
                }) as string,
              },
            ],
          },
        ],
      },
      reviews: {
        github: { host: 'github.larkspur.example', organization: 'larkspur' },
      },
    });
    try {
      const { status, body } = await me('alice');
      expect(status).toBe(200);
      expect(body.login).toBe('alice-larkspur');
      expect(body.awaitingMyReview.totalCount).toBe(5);
      expect(gh.requests.map(r => r.path)).toEqual(
        expect.arrayContaining([
          '/app/installations',
          '/app/installations/1/access_tokens',
        ]),
      );
      const searches = gh.requests.filter(r => r.path === '/search/issues');
      expect(searches.length).toBeGreaterThan(0);
      expect(searches.every(r => r.token === TOKENS.installation)).toBe(true);
    } finally {
      await backend.stop();
      await gh.close();
    }
  });
});

describe('reviews without a GitHub token', () => {
  it('says GitHub is not configured, and how, without an error or a call', async () => {
    const { backend, me } = await start({});
    try {
      const { status, body } = await me('alice');
      expect(status).toBe(200);
      expect(body).toEqual({
        configured: false,
        host: 'github.com',
        githubSignIn: false,
        awaitingMyReview: { items: [], totalCount: 0 },
        myOpenPullRequests: { items: [], totalCount: 0 },
        reason: expect.stringContaining(
          'Atrium needs a token for github.com in integrations.github',
        ),
      });
    } finally {
      await backend.stop();
    }
  });

  it('says users may sign in with GitHub when the GitHub auth provider is configured', async () => {
    const { backend, me } = await start({
      auth: {
        providers: {
          github: { development: { clientId: 'c', clientSecret: 's' } },
        },
      },
    });
    try {
      const { body } = await me('alice');
      expect(body).toMatchObject({ configured: false, githubSignIn: true });
    } finally {
      await backend.stop();
    }
  });
});

describe('the reviews config', () => {
  const read = (data: object) => readReviewsConfig(new ConfigReader(data));

  it('asks github.com by default, through Backstage’s integrations.github', () => {
    expect(read({})).toEqual({
      host: 'github.com',
      apiBaseUrl: 'https://api.github.com',
      serviceCredentials: undefined,
      organization: undefined,
      timeoutMs: 5000,
      maxItems: 100,
      cacheTtlSeconds: 60,
      githubSignIn: false,
    });
    expect(
      read({ integrations: { github: [{ host: 'github.com', token: 't' }] } })
        .serviceCredentials,
    ).toBe('token');
  });

  it('takes a GitHub App only with the organization it is installed on', () => {
    const app = {
      appId: 1,
      clientId: 'c',
      clientSecret: 's',
      privateKey: 'k',
    };
    const integrations = { github: [{ host: 'github.com', apps: [app] }] };
    expect(() => read({ integrations })).toThrow(
      /set reviews\.github\.organization/,
    );
    expect(
      read({ integrations, reviews: { github: { organization: 'larkspur' } } }),
    ).toMatchObject({ serviceCredentials: 'app', organization: 'larkspur' });
  });

  it('asks a GitHub Enterprise host at /api/v3 unless its apiBaseUrl says otherwise', () => {
    const ghe = (entry: object) =>
      read({
        integrations: {
          github: [{ host: 'github.larkspur.example', token: 't', ...entry }],
        },
        reviews: { github: { host: 'github.larkspur.example' } },
      });
    expect(ghe({}).apiBaseUrl).toBe('https://github.larkspur.example/api/v3');
    expect(
      ghe({ apiBaseUrl: 'https://ghe-api.larkspur.example/api/v3/' })
        .apiBaseUrl,
    ).toBe('https://ghe-api.larkspur.example/api/v3');
    expect(() =>
      read({ reviews: { github: { host: 'github.nowhere.example' } } }),
    ).toThrow(/integrations\.github has no entry for that host/);
  });

  it('offers GitHub sign-in when the GitHub auth provider is configured for the auth environment', () => {
    const github = { development: { clientId: 'c', clientSecret: 's' } };
    expect(read({ auth: { providers: { github } } }).githubSignIn).toBe(true);
    expect(
      read({ auth: { environment: 'production', providers: { github } } })
        .githubSignIn,
    ).toBe(false);
    expect(
      read({ auth: { providers: { oidc: { development: {} } } } }).githubSignIn,
    ).toBe(false);
  });
});

describe('the reviews router', () => {
  it('serves exactly the routes its OpenAPI spec describes', () => {
    const reviews: ReviewsService = {
      overview: () => Promise.reject(new Error('not called')),
    };
    const router = createRouter({
      httpAuth: mockServices.httpAuth(),
      reviews,
    });
    expect(servedRoutes(router)).toEqual(
      documentedRoutes(join(__dirname, 'schema', 'openapi.yaml')),
    );
  });
});
