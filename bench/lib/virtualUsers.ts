// Virtual users for the load benchmark (bench/load.ts): each signed-in user browses the pages people use most,
// making the requests those pages make, with a think time between pages. Every loop is bounded by a deadline
// and by a page count.
//
// A page is the requests its first view makes, sent at once as the app sends them:
// - Home: the gateway's Home query and the four widgets' queries (checklist, recent deploys, reviews, open
//   alerts), each its own request as Apollo's HttpLink sends them;
// - the catalog list: its one gateway request for the default view, and for one page in four the next page
//   through the cursor of the first (as the pager's link does);
// - a service page: the overview's one gateway request;
// - the Compute tab: compute's REST reads of the component's workloads, events and activity, and its team's
//   quota (what ComputeTab's cards ask).
// The query texts are the app's own (plugins/graphql-react/src/queryText.ts), so the server does what it does
// for a real browser.
import {
  CATALOG_LIST_QUERY_TEXT,
  CHECKLIST_QUERY_TEXT,
  ENTITY_OVERVIEW_QUERY_TEXT,
  HOME_QUERY_TEXT,
  OPEN_ALERTS_QUERY_TEXT,
  RECENT_DEPLOYS_QUERY_TEXT,
  REVIEWS_QUERY_TEXT,
} from '../../plugins/graphql-react/src/queryText.ts';
import {
  catalogListVariables,
  DEFAULT_CATALOG_STATE,
} from '../../plugins/graphql-react/src/catalogList.ts';
import { mulberry32 } from './util.ts';

export const PAGES = ['home', 'catalog', 'service', 'compute'] as const;
export type PageKind = (typeof PAGES)[number];

/** The page a virtual user opens for a draw `r` in [0, 1): Home 30%, the catalog 25%, a service 30%, compute 15%. */
const pageKindAt = (r: number): PageKind => {
  if (r < 0.3) return 'home';
  if (r < 0.55) return 'catalog';
  if (r < 0.85) return 'service';
  return 'compute';
};

/** A signed-in user: the Backstage token the frontend sends. */
export interface Session {
  token: string;
  userRef: string;
}

export interface LoadTarget {
  /** Where the users go: HAProxy in front of the replicas, or one backend. */
  url: string;
  sessions: Session[];
  /** Components to open (`component:default/name`), with the team that owns each. */
  components: Array<{ ref: string; owner: string }>;
}

export interface RequestSample {
  /** When the request was sent, ms since the run started. */
  at: number;
  ms: number;
  /** An HTTP status, a GraphQL error, or a network error: not ok. */
  ok: boolean;
  what: string;
}

export interface PageSample extends RequestSample {
  page: PageKind;
}

export interface LoadResult {
  pages: PageSample[];
  requests: RequestSample[];
  /** The first few failures, as text, for the report. */
  failures: string[];
  durationMs: number;
}

export interface LoadOptions {
  users: number;
  durationMs: number;
  /** Think time between one user's pages, drawn uniformly from [min, max] ms. */
  thinkMs: [number, number];
  /** Each user's most pages (a bound besides the deadline). */
  maxPagesPerUser: number;
  /** The largest time one request may take before it counts as failed. */
  requestTimeoutMs: number;
  /** Deterministic choices: the same seed makes the same sequence of pages. */
  seed?: number;
}

const seg = (s: string) => encodeURIComponent(s);
const splitRef = (ref: string) => {
  const m = /^[^:]+:([^/]+)\/(.+)$/.exec(ref);
  if (!m) throw new Error(`not a full entity ref: ${ref}`);
  return { namespace: m[1], name: m[2] };
};

/**
 * Runs `options.users` virtual users against the target until the deadline. Each user takes a session in turn
 * (several users may share one: people open several tabs), then loops: pick a page (Home 30 %, catalog 25 %,
 * service 30 %, compute 15 %), send its requests at once, record, think.
 */
export async function runVirtualUsers(
  target: LoadTarget,
  options: LoadOptions,
): Promise<LoadResult> {
  const started = performance.now();
  const deadline = started + options.durationMs;
  const pages: PageSample[] = [];
  const requests: RequestSample[] = [];
  const failures: string[] = [];
  const now = () => performance.now() - started;

  const send = async (
    session: Session,
    what: string,
    path: string,
    body?: unknown,
  ): Promise<any> => {
    const at = now();
    const controller = AbortSignal.timeout(options.requestTimeoutMs);
    let ok = false;
    let data: any;
    try {
      const res = await fetch(target.url + path, {
        method: body ? 'POST' : 'GET',
        headers: {
          authorization: `Bearer ${session.token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: controller,
      });
      const text = await res.text();
      try {
        data = text ? JSON.parse(text) : undefined;
      } catch {
        data = undefined; // e.g. the load balancer's own HTML error page
      }
      ok = res.ok && data !== undefined && !(body && data?.errors?.length);
      if (!ok && failures.length < 20) {
        failures.push(
          `${what}: ${res.status} ${text.replace(/\s+/g, ' ').slice(0, 160)}`,
        );
      }
    } catch (error) {
      if (failures.length < 20) failures.push(`${what}: ${error}`);
    }
    requests.push({ at, ms: now() - at, ok, what });
    if (!ok) throw new Error(what);
    return data;
  };
  const gql = (session: Session, name: string, query: string, variables = {}) =>
    send(session, name, '/api/graphql', {
      operationName: name,
      query,
      variables,
    });

  const visit: Record<
    PageKind,
    (s: Session, rnd: () => number) => Promise<unknown>
  > = {
    home: s =>
      Promise.all([
        gql(s, 'AtriumHome', HOME_QUERY_TEXT),
        gql(s, 'AtriumChecklist', CHECKLIST_QUERY_TEXT),
        gql(s, 'AtriumRecentDeploys', RECENT_DEPLOYS_QUERY_TEXT),
        gql(s, 'AtriumReviews', REVIEWS_QUERY_TEXT),
        gql(s, 'AtriumOpenAlerts', OPEN_ALERTS_QUERY_TEXT),
      ]),
    catalog: async (s, rnd) => {
      const variables = catalogListVariables(DEFAULT_CATALOG_STATE);
      const first = await gql(
        s,
        'AtriumCatalogList',
        CATALOG_LIST_QUERY_TEXT,
        variables,
      );
      const next = first?.data?.catalog?.nextCursor;
      if (next && rnd() < 0.25) {
        await gql(s, 'AtriumCatalogList', CATALOG_LIST_QUERY_TEXT, {
          ...variables,
          after: next,
        });
      }
    },
    service: (s, rnd) => {
      const { ref } = pick(target.components, rnd);
      return gql(s, 'AtriumEntityOverview', ENTITY_OVERVIEW_QUERY_TEXT, {
        ref,
      });
    },
    compute: (s, rnd) => {
      const { ref, owner } = pick(target.components, rnd);
      const c = splitRef(ref);
      const t = splitRef(owner);
      const base = `/api/compute/components/${seg(c.namespace)}/${seg(c.name)}`;
      return Promise.all([
        send(s, 'compute workloads', `${base}/workloads`),
        send(s, 'compute events', `${base}/events`),
        send(s, 'compute activity', `${base}/activity?limit=20`),
        send(
          s,
          'compute quota',
          `/api/compute/teams/${seg(t.namespace)}/${seg(t.name)}/quota`,
        ),
      ]);
    },
  };

  const user = async (index: number) => {
    // Seeded, so two runs (one and two replicas) browse alike.
    const rnd = mulberry32((options.seed ?? 1) * 7919 + index);
    const session = target.sessions[index % target.sessions.length];
    // Users arrive over the first few seconds, not all in the same millisecond.
    await sleepUntil(Math.min(deadline, performance.now() + rnd() * 3000));
    for (let n = 0; n < options.maxPagesPerUser; n++) {
      if (performance.now() >= deadline) break;
      const page = pageKindAt(rnd());
      const at = now();
      let ok = true;
      try {
        await visit[page](session, rnd);
      } catch {
        ok = false;
      }
      pages.push({ at, ms: now() - at, ok, what: page, page });
      const [lo, hi] = options.thinkMs;
      await sleepUntil(
        Math.min(deadline, performance.now() + lo + rnd() * (hi - lo)),
      );
    }
  };

  await Promise.all(Array.from({ length: options.users }, (_, i) => user(i)));
  return { pages, requests, failures, durationMs: now() };
}

function pick<T>(items: T[], rnd: () => number): T {
  return items[Math.floor(rnd() * items.length)];
}

function sleepUntil(t: number) {
  const ms = t - performance.now();
  return ms > 0 ? new Promise(r => setTimeout(r, ms)) : Promise.resolve();
}
