// The fuzzer's HTTP side: a raw client that sends paths, headers and bodies exactly as generated (fetch would
// normalise `..` and refuse lone surrogates), a bounded runner, and the report of an answer.
import http from 'node:http';

/** One request as generated: sent byte for byte. */
export interface FuzzRequest {
  /** What it exercises: an operation's key, or `graphql`, `ssr`, `kube-simulator`. */
  target: string;
  method: string;
  /** Path and query, raw (already percent-encoded where intended; `..` and `%2e` stay as they are). */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Who sends it: a demo user, the platform admin, nobody, or a made-up token. */
  who: 'user' | 'admin' | 'anonymous' | 'bogus';
  /** True when the path parameters are plausible values, so the route itself is reached. */
  plain?: boolean;
}

export interface FuzzResult {
  request: FuzzRequest;
  status?: number;
  /** The first few hundred characters of the answer. */
  excerpt: string;
  /** A network error or timeout instead of an answer. */
  error?: string;
  ms: number;
  /** The gateway's GraphQL errors coded INTERNAL_SERVER_ERROR (its 500 inside a 200), with their paths. */
  graphqlInternal?: Array<{ message: string; path?: unknown[] }>;
}

/** The GraphQL errors of an answer coded INTERNAL_SERVER_ERROR. */
function graphqlInternalErrors(text: string): FuzzResult['graphqlInternal'] {
  if (!text.includes('INTERNAL_SERVER_ERROR')) return undefined;
  try {
    const body = JSON.parse(text) as {
      errors?: Array<{
        message: string;
        path?: unknown[];
        extensions?: { code?: string };
      }>;
    };
    return (body.errors ?? [])
      .filter(e => e.extensions?.code === 'INTERNAL_SERVER_ERROR')
      .map(e => ({ message: e.message, path: e.path }));
  } catch {
    return [
      { message: `(an answer of ${text.length} characters that is not JSON)` },
    ];
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** Sends one request over loopback; bounded by `timeoutMs`; reads at most 64 kB of the answer. */
export function send(
  baseUrl: string,
  request: FuzzRequest,
  timeoutMs: number,
): Promise<FuzzResult> {
  const url = new URL(baseUrl);
  const started = Date.now();
  return new Promise(done => {
    let settled = false;
    // The time limit, set below once `finish` exists; `finish` clears it.
    const limit: { timer?: ReturnType<typeof setTimeout> } = {};
    const finish = (r: Omit<FuzzResult, 'request' | 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(limit.timer);
      done({ request, ms: Date.now() - started, ...r });
    };
    let status: number | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const text = () =>
      Buffer.concat(chunks).toString('utf8').slice(0, 400).replace(/\s+/g, ' ');
    let req: http.ClientRequest;
    limit.timer = setTimeout(() => {
      // A streaming answer (a watch) that has its status is an answer; anything else is a timeout.
      if (status !== undefined) finish({ status, excerpt: text() });
      else finish({ excerpt: '', error: `no answer in ${timeoutMs} ms` });
      req?.destroy();
    }, timeoutMs);
    try {
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body) headers['content-length'] = request.body.length;
      req = http.request(
        {
          host: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname,
          port: url.port,
          method: request.method,
          path: request.path,
          headers,
          agent,
        },
        res => {
          status = res.statusCode;
          res.on('data', (c: Buffer) => {
            if (size < 65536) chunks.push(c);
            size += c.length;
          });
          res.on('end', () =>
            finish({
              status,
              excerpt: text(),
              graphqlInternal:
                request.target === 'graphql'
                  ? graphqlInternalErrors(
                      Buffer.concat(chunks).toString('utf8'),
                    )
                  : undefined,
            }),
          );
          res.on('error', () => finish({ status, excerpt: text() }));
        },
      );
      req.on('error', e => {
        if (status !== undefined) finish({ status, excerpt: text() });
        else finish({ excerpt: '', error: `${e.message}` });
      });
      req.end(request.body);
    } catch (e) {
      // Node refuses the request before sending it (a character it will not put in a path or header): not sent.
      finish({ excerpt: '', error: `not sent: ${(e as Error).message}` });
    }
  });
}

/** Whether the request never left this process (Node refused it), as opposed to a server failure. */
export const notSent = (r: FuzzResult) => r.error?.startsWith('not sent:');

/**
 * Sends `requests` in order with `concurrency` in flight until all are answered or `deadline` (epoch ms) passes;
 * requests not started by the deadline are not sent. Returns the results of those sent.
 */
export async function runBounded(
  baseUrl: string,
  requests: FuzzRequest[],
  options: { concurrency: number; deadline: number; timeoutMs: number },
): Promise<FuzzResult[]> {
  const results: FuzzResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length && Date.now() < options.deadline) {
      const request = requests[next++];
      const left = Math.max(1000, options.deadline + 10_000 - Date.now());
      results.push(
        await send(baseUrl, request, Math.min(options.timeoutMs, left)),
      );
    }
  };
  await Promise.all(
    Array.from({ length: options.concurrency }, () => worker()),
  );
  return results;
}

export function closeAgent() {
  agent.destroy();
}

const excerpt = (s: string, n: number) =>
  s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;

/** One line per failed request, enough to replay it by hand or with FUZZ_SEED. */
export function describeResult(r: FuzzResult): string {
  const body = r.request.body
    ? excerpt(JSON.stringify(r.request.body.toString('utf8')), 300)
    : '(none)';
  const headers = Object.entries(r.request.headers)
    .filter(([k]) => k !== 'authorization' && k !== 'cookie')
    .map(([k, v]) => `${k}: ${excerpt(v, 80)}`)
    .join('; ');
  return [
    `${r.request.method} ${excerpt(r.request.path, 300)} [${
      r.request.target
    }] as ${r.request.who}`,
    `  headers: ${headers || '(none)'}`,
    `  body: ${body}`,
    `  => ${r.status ?? r.error} in ${r.ms} ms: ${excerpt(r.excerpt, 300)}`,
    ...(r.graphqlInternal ?? []).map(
      e =>
        `  GraphQL INTERNAL_SERVER_ERROR at ${JSON.stringify(
          e.path ?? null,
        )}: ${excerpt(e.message, 200)}`,
    ),
  ].join('\n');
}
