import { createHash } from 'node:crypto';
import type {
  PullRequestList,
  PullRequestSummary,
} from '@atrium/plugin-reviews-common';
import {
  CALLERS_TOKEN_REJECTED,
  GithubError,
  GithubRateLimitError,
} from './errors';

/** A token to call GitHub with, and whose it is (the message on a 401 differs). */
export interface GithubAuth {
  token: string;
  /** `config`: the service token from `integrations.github`; `user`: the caller's own GitHub sign-in. */
  source: 'config' | 'user';
}

export interface GithubReviewsClientOptions {
  /** The GitHub host, for messages (`github.com`, a GitHub Enterprise host). */
  host: string;
  /** The REST API's base URL, without a trailing slash. */
  apiBaseUrl: string;
  /** How long one request may take, in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Items per page asked of GitHub's search. Default 50. */
  perPage?: number;
  /** The most pages read per search (following Link rel="next"). Default 3. */
  maxPages?: number;
  /** Default the global fetch. */
  fetch?: typeof fetch;
  /** Default Date.now. */
  now?: () => number;
}

/** GitHub logins: letters, digits and single hyphens, at most 39 characters. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

export function isGithubLogin(value: string): boolean {
  return LOGIN.test(value);
}

/** `<url>; rel="next", <url>; rel="last"` → { next: url, last: url }. */
export function parseLinkHeader(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const [, url, rels] of (header ?? '').matchAll(
    /<([^>]*)>\s*;\s*rel="([^"]*)"/g,
  )) {
    for (const rel of rels.split(/\s+/)) {
      if (rel) links[rel] = url;
    }
  }
  return links;
}

/** `https://api.github.com/repos/larkspur/payments` → `larkspur/payments`. */
function repositoryOf(item: SearchItem): string {
  const fromApi = /\/repos\/([^/]+\/[^/]+)\/?$/.exec(
    item.repository_url ?? '',
  )?.[1];
  if (fromApi) return decodeURIComponent(fromApi);
  // Else from the page: https://github.com/larkspur/payments/pull/42.
  return (
    /^https?:\/\/[^/]+\/([^/]+\/[^/]+)\/pull\//.exec(item.html_url)?.[1] ?? ''
  );
}

/** The fields of a search result (an issue that is a pull request) that the overview uses. */
interface SearchItem {
  number: number;
  title: string;
  html_url: string;
  repository_url?: string;
  draft?: boolean;
  user?: { login?: string } | null;
  updated_at: string;
  pull_request?: unknown;
}

interface SearchAnswer {
  total_count: number;
  incomplete_results?: boolean;
  items: SearchItem[];
}

function toSummary(item: SearchItem): PullRequestSummary {
  return {
    repository: repositoryOf(item),
    number: item.number,
    title: item.title,
    url: item.html_url,
    // A deleted account's pull requests show GitHub's `ghost`.
    author: item.user?.login ?? 'ghost',
    draft: item.draft === true,
    updatedAt: item.updated_at,
  };
}

function isSearchAnswer(body: unknown): body is SearchAnswer {
  const b = body as SearchAnswer;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.total_count === 'number' &&
    Array.isArray(b.items)
  );
}

/** GitHub's error body: `{ message, documentation_url, errors?: [{ message }] }`. */
function githubMessage(body: unknown): string {
  const b = body as {
    message?: unknown;
    errors?: Array<{ message?: unknown; code?: unknown }>;
  } | null;
  const message = typeof b?.message === 'string' ? b.message : '';
  const details = Array.isArray(b?.errors)
    ? b!.errors
        .map(e => (typeof e?.message === 'string' ? e.message : ''))
        .filter(Boolean)
    : [];
  return [message, ...details].filter(Boolean).join(': ').slice(0, 500);
}

function fingerprint(token: string) {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

/**
 * A small client of GitHub's REST API for the reviews overview: who the token belongs to (`GET /user`) and
 * searches of open pull requests (`GET /search/issues`), following `Link: rel="next"` up to a bound. GitHub's
 * failures become `GithubError`s that say what to do: a used-up rate limit says until when (and GitHub is not
 * asked again with that token before then), a 401 which token to check.
 */
export class GithubReviewsClient {
  readonly host: string;
  readonly apiBaseUrl: string;
  private readonly timeoutMs: number;
  private readonly perPage: number;
  private readonly maxPages: number;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  /** Tokens whose rate limit is used up (by fingerprint), until when (epoch ms). */
  private readonly limitedUntil = new Map<
    string,
    { until: number; resource: string }
  >();

  constructor(options: GithubReviewsClientOptions) {
    this.host = options.host;
    this.apiBaseUrl = options.apiBaseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.perPage = options.perPage ?? 50;
    this.maxPages = options.maxPages ?? 3;
    this.fetch = options.fetch ?? ((...args) => fetch(...args));
    this.now = options.now ?? Date.now;
  }

  /** The login of the token's owner. */
  async getLogin(auth: GithubAuth): Promise<string> {
    const { body } = await this.request(`${this.apiBaseUrl}/user`, auth);
    const login = (body as { login?: unknown } | null)?.login;
    if (typeof login !== 'string' || !isGithubLogin(login)) {
      throw new GithubError(
        `GitHub at ${this.host} answered GET /user without a login`,
        'unexpected',
        200,
      );
    }
    return login;
  }

  /**
   * Open pull requests that match `qualifiers` (e.g. `review-requested:alice`), most recently updated first: at
   * most `maxItems` of them, read over at most `maxPages` pages, with GitHub's total count.
   */
  async searchOpenPullRequests(
    qualifiers: string,
    auth: GithubAuth,
    maxItems: number,
  ): Promise<PullRequestList> {
    const params = new URLSearchParams({
      q: `is:pr is:open archived:false ${qualifiers}`,
      sort: 'updated',
      order: 'desc',
      per_page: String(Math.min(this.perPage, maxItems)),
    });
    let url: string | undefined = `${this.apiBaseUrl}/search/issues?${params}`;
    const items: PullRequestSummary[] = [];
    let totalCount = 0;
    for (let page = 0; url && page < this.maxPages; page++) {
      const { body, headers } = await this.request(url, auth);
      if (!isSearchAnswer(body)) {
        throw new GithubError(
          `GitHub at ${this.host} answered a search with something that is not a search result`,
          'unexpected',
          200,
        );
      }
      totalCount = body.total_count;
      items.push(
        ...body.items.filter(i => i.pull_request !== undefined).map(toSummary),
      );
      if (items.length >= maxItems) break;
      url = this.sameApi(parseLinkHeader(headers.get('link')).next);
    }
    return { items: items.slice(0, maxItems), totalCount };
  }

  /** A next-page link, when it points into the same API (the token is never sent elsewhere). */
  private sameApi(link: string | undefined): string | undefined {
    if (!link) return undefined;
    try {
      const next = new URL(link);
      const base = new URL(`${this.apiBaseUrl}/`);
      return next.origin === base.origin &&
        next.pathname.startsWith(base.pathname)
        ? next.toString()
        : undefined;
    } catch {
      return undefined;
    }
  }

  private async request(
    url: string,
    auth: GithubAuth,
  ): Promise<{ body: unknown; headers: Headers }> {
    const key = fingerprint(auth.token);
    const limited = this.limitedUntil.get(key);
    if (limited && this.now() < limited.until) {
      throw this.rateLimited(new Date(limited.until), limited.resource);
    }
    // `/search/issues`, `/user`: what was asked, for messages (the query may name a login; it is not shown).
    const what = url.slice(this.apiBaseUrl.length).split('?')[0];
    let res: Response;
    let text: string;
    try {
      res = await this.fetch(url, {
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${auth.token}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'Atrium',
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (error) {
      const e = error as Error & {
        cause?: { code?: string; message?: string };
      };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new GithubError(
          `GitHub at ${this.apiBaseUrl} did not answer GET ${what} within ${
            this.timeoutMs / 1000
          } s`,
          'timeout',
        );
      }
      throw new GithubError(
        `Could not reach GitHub at ${this.apiBaseUrl} (${
          e.cause?.code ?? e.cause?.message ?? e.message
        })`,
        'unreachable',
      );
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }

    if (res.ok) {
      if (body === undefined) {
        throw new GithubError(
          `GitHub at ${this.host} answered GET ${what} with ${res.status} but no JSON`,
          'unexpected',
          res.status,
        );
      }
      return { body, headers: res.headers };
    }

    const message = githubMessage(body) || res.statusText;
    if (res.status === 401) {
      throw new GithubError(
        auth.source === 'config'
          ? `GitHub rejected the token for ${this.host} (401 ${message}): check integrations.github[].token`
          : `GitHub rejected your own GitHub token for ${this.host} (401 ${message}): sign in to GitHub again`,
        'bad-credentials',
        401,
        undefined,
        auth.source === 'user' ? CALLERS_TOKEN_REJECTED : undefined,
      );
    }
    const resetAt = this.rateLimitReset(res, message);
    if (resetAt) {
      const resource = res.headers.get('x-ratelimit-resource') ?? 'core';
      this.limitedUntil.set(key, { until: resetAt.getTime(), resource });
      throw this.rateLimited(resetAt, resource, res.status);
    }
    if (res.status >= 400 && res.status < 500) {
      throw new GithubError(
        `GitHub at ${this.host} refused GET ${what} (${res.status} ${message})`,
        'rejected',
        res.status,
      );
    }
    throw new GithubError(
      `GitHub at ${this.host} failed to answer GET ${what} (${res.status} ${message})`,
      'unexpected',
      res.status,
    );
  }

  /**
   * When a 403 or 429 is GitHub's rate limit, until when: `x-ratelimit-reset` when `x-ratelimit-remaining` is
   * 0 (the primary limit), else `retry-after` seconds, else a minute for a 429 or a 403 whose message says
   * "rate limit" (a secondary limit, as GitHub's docs say).
   */
  private rateLimitReset(res: Response, message: string): Date | undefined {
    if (res.status !== 403 && res.status !== 429) return undefined;
    const retryAfter = Number(res.headers.get('retry-after'));
    if (res.headers.get('retry-after') && Number.isFinite(retryAfter)) {
      return new Date(this.now() + retryAfter * 1000);
    }
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    if (res.headers.get('x-ratelimit-remaining') === '0' && reset > 0) {
      return new Date(reset * 1000);
    }
    if (res.status === 429 || /rate limit/i.test(message)) {
      return new Date(this.now() + 60_000);
    }
    return undefined;
  }

  private rateLimited(resetAt: Date, resource: string, status?: number) {
    return new GithubRateLimitError(
      `GitHub's ${resource} rate limit for ${
        this.host
      } is used up until ${resetAt.toISOString()}: Atrium asks again after that`,
      resetAt,
      status,
    );
  }
}
