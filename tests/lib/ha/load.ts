import { onFreshSocketIfClosed } from '../http.ts';

/** What one request of a fault test's clients got. */
export interface Outcome {
  /** ms since the run started, when it was sent. */
  at: number;
  ms: number;
  /** What was asked, e.g. `GET catalog`. */
  what: string;
  /** The HTTP status; 0 when no answer came (connection refused or closed, timeout). */
  status: number;
  /** Whether the answer was right (the caller's check), not only its status. */
  ok: boolean;
  /** The replica that answered (HAProxy's X-Served-By). */
  servedBy: string | null;
  detail?: string;
  /** Sent again on a new connection, as a browser does, because its first closed before any answer came. */
  resent: boolean;
}

/** One request of a client: what it is, how to send it, and how to check the answer. */
export type ClientRequest = (client: number) => {
  what: string;
  send: () => Promise<Response>;
  /** Checks the body; returns what is wrong, or undefined when it is right. */
  check?: (res: Response) => Promise<string | undefined>;
};

/**
 * `clients` concurrent clients, each sending one request after another (no think time) until `durationMs` has
 * passed, and at most `maxPerClient` requests. `request` bounds each request in time (its fetch's signal). Like a
 * browser, a client sends a request again, once, when the kept-alive connection it went out on closed before any
 * answer (tests/lib/http.ts); such requests are counted in the summary. A failure's detail says whether no answer
 * came or the answer was cut after its status.
 */
export async function runClients(options: {
  clients: number;
  durationMs: number;
  request: ClientRequest;
  maxPerClient?: number;
  /** Ends the run before `durationMs` once it returns true. */
  until?: () => boolean;
}): Promise<Outcome[]> {
  const started = Date.now();
  const deadline = started + options.durationMs;
  const outcomes: Outcome[] = [];
  const client = async (index: number) => {
    for (let n = 0; n < (options.maxPerClient ?? 10_000); n++) {
      if (Date.now() >= deadline || options.until?.()) return;
      const at = Date.now() - started;
      const { what, send, check } = options.request(index);
      let outcome: Omit<Outcome, 'at' | 'ms' | 'resent'>;
      let resent = false;
      let res: Response | undefined;
      try {
        res = await onFreshSocketIfClosed(send, () => (resent = true));
        const problem =
          res.status === 200 && check
            ? await check(res)
            : (await res.arrayBuffer(), undefined);
        outcome = {
          what,
          status: res.status,
          ok: res.status === 200 && !problem,
          servedBy: res.headers.get('x-served-by'),
          detail: problem,
        };
      } catch (error) {
        const cause = String((error as Error).cause ?? error);
        outcome = {
          what,
          status: 0,
          ok: false,
          servedBy: res?.headers.get('x-served-by') ?? null,
          detail: res
            ? `answer cut after its status ${res.status}: ${cause}`
            : `no answer: ${cause}`,
        };
      }
      outcomes.push({ ...outcome, at, ms: Date.now() - started - at, resent });
    }
  };
  await Promise.all(
    Array.from({ length: options.clients }, (_, i) => client(i)),
  );
  return outcomes;
}

/** A line for the test's output: how many, how many failed, latency quantiles, and who answered. */
export function summarise(outcomes: Outcome[]): string {
  const ms = outcomes.map(o => o.ms).sort((a, b) => a - b);
  const q = (p: number) =>
    ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0;
  const by: Record<string, number> = {};
  for (const o of outcomes)
    by[o.servedBy ?? '-'] = (by[o.servedBy ?? '-'] ?? 0) + 1;
  const resent = outcomes.filter(o => o.resent).length;
  return `${outcomes.length} requests, ${
    outcomes.filter(o => !o.ok).length
  } failed${
    resent ? ` (${resent} sent again on a new connection)` : ''
  }; p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${
    ms[ms.length - 1] ?? 0
  } ms; served by ${JSON.stringify(by)}`;
}

/** The failures, for an assertion message: each kind with its count and when it was first and last seen. */
export function failures(outcomes: Outcome[]): string {
  const kinds = new Map<
    string,
    { count: number; first: number; last: number }
  >();
  for (const o of outcomes.filter(x => !x.ok)) {
    const kind = `${o.what} → ${o.status} ${o.servedBy ?? '(no replica)'} ${
      o.detail ?? ''
    }`;
    const k = kinds.get(kind) ?? { count: 0, first: o.at, last: o.at };
    k.count += 1;
    k.last = o.at;
    kinds.set(kind, k);
  }
  return [...kinds]
    .map(([kind, k]) => `${k.count} × ${kind} (${k.first}-${k.last} ms)`)
    .join('\n');
}
