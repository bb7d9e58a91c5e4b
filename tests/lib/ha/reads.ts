/**
 * The reads of the HA fault suite's clients (tests/ha-faults.test.ts): what a browser asks, in turn per client,
 * through HAProxy, each answer checked against what it must be.
 */
import type { ClientRequest } from './load.ts';

export const ENTITY = `query Probe($ref: String!) { entity(ref: $ref) { name description owner { ref } } }`;
export const VARS = { ref: 'component:default/payments-gateway' };
export const PAGE = '/catalog/default/component/payments-gateway';
export const CATALOG =
  '/api/catalog/entities/by-name/component/default/payments-gateway';

/** Who reads, and what the gateway answered them before any fault. */
export interface ReadTarget {
  /** HAProxy's URL. */
  url: string;
  /** Alice's token. */
  token: string;
  /** Her `backstage-auth` cookie, for server-rendered pages. */
  cookie: string;
  /** The gateway's answer to ENTITY with VARS. */
  expected: unknown;
}

/** Browser reads, counting the pages that came as the plain app rather than server-rendered. */
export class BrowserReads {
  /** Pages that came as the plain app rather than server-rendered, since the test last set it to 0. */
  plainApp = 0;

  private readonly target: ReadTarget;

  constructor(target: ReadTarget) {
    this.target = target;
  }

  /** A read a browser makes, in turn per client: the gateway (a POST), a server-rendered page, the catalog. */
  request(options: { noCacheHits?: () => boolean } = {}): ClientRequest {
    return client => {
      const signal = () => AbortSignal.timeout(15_000);
      const auth = { authorization: `Bearer ${this.target.token}` };
      switch (client % 3) {
        case 0: {
          return {
            what: 'POST /api/graphql',
            send: () =>
              fetch(`${this.target.url}/api/graphql`, {
                method: 'POST',
                headers: { ...auth, 'content-type': 'application/json' },
                body: JSON.stringify({ query: ENTITY, variables: VARS }),
                signal: signal(),
              }),
            check: async r => {
              const body = await r.json();
              if (JSON.stringify(body) !== JSON.stringify(this.target.expected))
                return `body ${JSON.stringify(body).slice(0, 200)}`;
              if (
                options.noCacheHits?.() &&
                r.headers.get('x-atrium-cache') === 'hit'
              )
                return 'a cache hit while Redis is down';
              return undefined;
            },
          };
        }
        case 1: {
          return {
            what: `GET ${PAGE}`,
            send: () =>
              fetch(this.target.url + PAGE, {
                headers: { accept: 'text/html', cookie: this.target.cookie },
                signal: signal(),
              }),
            check: async r => {
              const html = await r.text();
              if (r.headers.get('x-atrium-ssr') === 'entity') {
                return html.includes('<h1>Payments Gateway</h1>')
                  ? undefined
                  : 'rendered without its heading';
              }
              // SSR's own fallback when the gateway misses its budget (atrium.ssr.timeoutMs) under load: the plain
              // app, which renders the page in the browser. Right, if slower; counted.
              this.plainApp += 1;
              return html.includes('<script type="backstage.io/config">')
                ? undefined
                : 'neither rendered nor the app';
            },
          };
        }
        default: {
          return {
            what: `GET ${CATALOG}`,
            send: () =>
              fetch(this.target.url + CATALOG, {
                headers: auth,
                signal: signal(),
              }),
            check: async r =>
              ((await r.json()) as any).metadata?.name === 'payments-gateway'
                ? undefined
                : 'wrong entity',
          };
        }
      }
    };
  }
}
