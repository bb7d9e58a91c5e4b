import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GithubError, GithubRateLimitError } from './errors';
import { GithubReviewsClient, parseLinkHeader } from './GithubReviewsClient';
import {
  recorded,
  startRecordedGithub,
  TOKENS,
  type RecordedGithub,
} from './testing/recordedGithub';

/**
 * The GitHub client against hand-written GitHub REST responses (src/__fixtures__, not captured: GitHub is unreachable here; status, headers and body in the shape
 * GitHub's REST API answers), served by a loopback HTTP server standing in for GitHub, which is not reachable
 * from here.
 */
describe('GithubReviewsClient (against hand-written GitHub REST responses, replayed on loopback; not captured from GitHub)', () => {
  let gh: RecordedGithub;
  beforeAll(async () => {
    gh = await startRecordedGithub();
  });
  afterAll(() => gh.close());
  beforeEach(() => {
    gh.requests.length = 0;
    gh.mode = 'ok';
  });

  const service = { token: TOKENS.service, source: 'config' as const };
  const client = (
    options: Partial<ConstructorParameters<typeof GithubReviewsClient>[0]> = {},
  ) =>
    new GithubReviewsClient({
      host: 'github.larkspur.example',
      apiBaseUrl: `${gh.url}/api/v3`,
      perPage: 2,
      ...options,
    });

  it('follows Link rel="next" across the fixture pages and maps each pull request', async () => {
    const list = await client().searchOpenPullRequests(
      'review-requested:alice-larkspur',
      service,
      100,
    );
    expect(gh.requests.map(r => [r.path, r.page])).toEqual([
      ['/search/issues', undefined],
      ['/search/issues', '2'],
      ['/search/issues', '3'],
    ]);
    expect(gh.requests[0].q).toBe(
      'is:pr is:open archived:false review-requested:alice-larkspur',
    );
    expect(gh.requests.every(r => r.token === TOKENS.service)).toBe(true);
    expect(list.totalCount).toBe(5);
    expect(list.items.map(i => `${i.repository}#${i.number}`)).toEqual([
      'larkspur/payments-gateway#412',
      'larkspur/fleet-api#1187',
      'larkspur/payments-gateway#409',
      'larkspur/atrium-templates#58',
      'larkspur/ledger#233',
    ]);
    expect(list.items[0]).toEqual({
      repository: 'larkspur/payments-gateway',
      number: 412,
      title: 'Retry idempotent captures on 502 from the acquirer',
      url: 'https://github.com/larkspur/payments-gateway/pull/412',
      author: 'nadia-k',
      draft: false,
      updatedAt: '2026-11-28T08:57:40Z',
    });
    expect(list.items[1].author).toBe('dependabot[bot]');
  });

  it('stops at the item and page bounds, keeping GitHub’s total', async () => {
    const three = await client().searchOpenPullRequests(
      'review-requested:alice-larkspur',
      service,
      3,
    );
    expect(gh.requests).toHaveLength(2);
    expect(three.items).toHaveLength(3);
    expect(three.totalCount).toBe(5);

    gh.requests.length = 0;
    const twoPages = await client({ maxPages: 2 }).searchOpenPullRequests(
      'review-requested:alice-larkspur',
      service,
      100,
    );
    expect(gh.requests).toHaveLength(2);
    expect(twoPages.items).toHaveLength(4);
  });

  it('maps drafts, and reads a single page without a Link header', async () => {
    const mine = await client().searchOpenPullRequests(
      'author:alice-larkspur',
      service,
      100,
    );
    expect(gh.requests).toHaveLength(1);
    expect(mine.totalCount).toBe(2);
    expect(mine.items.map(i => [i.number, i.draft, i.author])).toEqual([
      [415, true, 'alice-larkspur'],
      [77, false, 'alice-larkspur'],
    ]);
  });

  it('never sends the token to a next page outside the API', async () => {
    // The first fixture page, as GitHub would send it: its Link points at https://api.github.com, not this base URL.
    const page = recorded('search-review-requested.page-1');
    const fetch = jest.fn(
      async () =>
        new Response(JSON.stringify(page.body), {
          status: page.status,
          headers: page.headers,
        }),
    );
    const list = await client({
      fetch: fetch as unknown as typeof globalThis.fetch,
    }).searchOpenPullRequests('review-requested:alice-larkspur', service, 100);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(list.items).toHaveLength(2);
    expect(list.totalCount).toBe(5);
  });

  it('reads the login of a user’s own token from GET /user', async () => {
    expect(
      await client().getLogin({ token: TOKENS.alice, source: 'user' }),
    ).toBe('alice-larkspur');
    expect(gh.requests).toEqual([
      { path: '/user', token: TOKENS.alice, q: undefined, page: undefined },
    ]);
  });

  it('says until when the rate limit is used up, and does not ask again before then', async () => {
    gh.mode = 'rate-limited';
    // The fixture's 403 says x-ratelimit-remaining: 0, x-ratelimit-reset: 1795857303.
    const now = Date.parse('2026-11-28T09:14:31Z');
    const limited = client({ now: () => now });
    const error = await limited
      .searchOpenPullRequests('author:alice-larkspur', service, 100)
      .catch(e => e);
    expect(error).toBeInstanceOf(GithubRateLimitError);
    expect(error.message).toBe(
      "GitHub's search rate limit for github.larkspur.example is used up until 2026-11-28T09:15:03.000Z: Atrium asks again after that",
    );
    expect(error).toMatchObject({
      failure: 'rate-limited',
      resetAt: '2026-11-28T09:15:03.000Z',
      githubStatus: 403,
      statusCode: 503,
    });
    gh.mode = 'ok';
    await expect(
      limited.searchOpenPullRequests('author:alice-larkspur', service, 100),
    ).rejects.toThrow(/used up until 2026-11-28T09:15:03.000Z/);
    expect(gh.requests).toHaveLength(1);
    // Another token has its own limit.
    await limited.getLogin({ token: TOKENS.alice, source: 'user' });
    expect(gh.requests).toHaveLength(2);
  });

  it('treats a 403 or 429 with retry-after as a secondary rate limit', async () => {
    const now = Date.parse('2026-11-28T09:00:00Z');
    const fetch = async () =>
      new Response(
        JSON.stringify({
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: '403',
        }),
        { status: 403, headers: { 'retry-after': '90' } },
      );
    await expect(
      client({ fetch, now: () => now }).getLogin(service),
    ).rejects.toMatchObject({
      name: 'GithubRateLimitError',
      resetAt: '2026-11-28T09:01:30.000Z',
    });
  });

  it('says which token GitHub rejected with a 401', async () => {
    await expect(
      client().searchOpenPullRequests(
        'author:alice-larkspur',
        { token: 'ghp_revoked', source: 'config' },
        100,
      ),
    ).rejects.toThrow(
      'GitHub rejected the token for github.larkspur.example (401 Bad credentials): check integrations.github[].token',
    );
    // Atrium's own token is Atrium's trouble: a bad gateway.
    await expect(
      client().getLogin({ token: 'ghp_revoked', source: 'config' }),
    ).rejects.toMatchObject({ failure: 'bad-credentials', statusCode: 502 });
    const own = await client()
      .getLogin({ token: 'gho_expired', source: 'user' })
      .catch(e => e);
    expect(own).toBeInstanceOf(GithubError);
    expect(own).toMatchObject({
      failure: 'bad-credentials',
      githubStatus: 401,
      statusCode: 400,
    });
    expect(own.message).toBe(
      'GitHub rejected your own GitHub token for github.larkspur.example (401 Bad credentials): sign in to GitHub again',
    );
  });

  it('passes on why GitHub refused a search (422)', async () => {
    await expect(
      client().searchOpenPullRequests('author:no-such-login', service, 100),
    ).rejects.toMatchObject({
      failure: 'rejected',
      githubStatus: 422,
      message:
        'GitHub at github.larkspur.example refused GET /search/issues (422 Validation Failed: The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.)',
    });
  });

  it('gives up on a GitHub that does not answer in time', async () => {
    gh.mode = 'hang';
    const started = Date.now();
    await expect(
      client({ timeoutMs: 300 }).getLogin(service),
    ).rejects.toMatchObject({
      failure: 'timeout',
      statusCode: 504,
      message: `GitHub at ${gh.url}/api/v3 did not answer GET /user within 0.3 s`,
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('says when GitHub cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(r => closed.close(r));
    await expect(
      client({ apiBaseUrl: `http://127.0.0.1:${port}` }).getLogin(service),
    ).rejects.toMatchObject({
      failure: 'unreachable',
      message: `Could not reach GitHub at http://127.0.0.1:${port} (ECONNREFUSED)`,
    });
  });
});

describe('parseLinkHeader', () => {
  it('reads every rel of a GitHub Link header', () => {
    expect(
      parseLinkHeader(
        '<https://api.github.com/search/issues?q=a%2Cb&page=1>; rel="prev", <https://api.github.com/search/issues?q=a%2Cb&page=3>; rel="next", <https://api.github.com/search/issues?q=a%2Cb&page=3>; rel="last", <https://api.github.com/search/issues?q=a%2Cb&page=1>; rel="first"',
      ),
    ).toEqual({
      prev: 'https://api.github.com/search/issues?q=a%2Cb&page=1',
      next: 'https://api.github.com/search/issues?q=a%2Cb&page=3',
      last: 'https://api.github.com/search/issues?q=a%2Cb&page=3',
      first: 'https://api.github.com/search/issues?q=a%2Cb&page=1',
    });
    expect(parseLinkHeader(null)).toEqual({});
  });
});
