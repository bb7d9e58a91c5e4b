/**
 * A fuzzer against the real backend (embedded defaults: SQLite, the demo catalog, the embedded simulator): every
 * operation of every Atrium backend plugin's OpenAPI spec (read from the repository now, so new routes are fuzzed
 * without listing them), the GraphQL gateway, the server-rendered pages and the Kubernetes API simulator, with
 * random and hostile path segments, query strings, headers and bodies (tests/lib/fuzz/), as a demo
 * user, a platform admin, nobody and a made-up token. Bounded: FUZZ_REQUESTS (2,000) requests, FUZZ_SECONDS (90)
 * seconds, 8 in flight. Asserts that nothing answers >= 500 (or fails to answer), that every documented route was
 * reached, and that the backend still answers afterwards. The seed is printed; FUZZ_SEED=<n> replays it.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { signIn } from './lib/auth.ts';
import type { Backend } from './lib/backend.ts';
import { startDemoBackend } from './lib/demo.ts';
import {
  authorize,
  closeAgent,
  describeResult,
  graphqlRequests,
  notSent,
  openApiOperations,
  operationRequests,
  plainOperationRequest,
  runBounded,
  simulatorRequests,
  ssrRequests,
  type FuzzRequest,
  type FuzzResult,
  type Operation,
} from './lib/fuzz/index.ts';
import { artifactDir, ROOT } from './lib/paths.ts';
import {
  startRecordedGithub,
  TOKENS,
  type RecordedGithub,
} from '../plugins/reviews-backend/src/testing/recordedGithub.ts';

const SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : randomInt(2 ** 31 - 1);
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 2000);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 90);
const CONCURRENCY = 8;
/** One request's bound; a request still unanswered after it counts as a failure. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The plan: the requests of every target, interleaved so that a run cut short by the deadline still covers all. */
function plan(operations: Operation[]): FuzzRequest[] {
  const perOperation = Math.max(
    8,
    Math.ceil((TOTAL * 0.6) / operations.length),
  );
  const lists: FuzzRequest[][] = [];
  const sample = (arb: fc.Arbitrary<FuzzRequest>, n: number) =>
    // Each list its own seed derived from the run's, so adding a route does not change the others' requests.
    fc.sample(arb, { seed: (SEED + lists.length * 7919) | 0, numRuns: n });
  for (const op of operations)
    lists.push([
      ...sample(plainOperationRequest(op), 1),
      ...sample(operationRequests(op), perOperation - 1),
    ]);
  const rest = Math.max(0, TOTAL - perOperation * operations.length);
  lists.push(sample(graphqlRequests(), Math.ceil(rest * 0.45)));
  lists.push(sample(simulatorRequests(), Math.ceil(rest * 0.4)));
  const staticDir = resolve(ROOT, 'packages/app/dist/static');
  const staticFiles = existsSync(staticDir)
    ? readdirSync(staticDir).sort().slice(0, 40)
    : [];
  lists.push(sample(ssrRequests(staticFiles), Math.ceil(rest * 0.15)));
  // Round-robin, weighted by length: the i-th of a list of n goes at i/n of the run.
  return lists
    .flatMap((list, l) =>
      list.map((r, i) => ({ r, at: (i + 0.5) / list.length, l })),
    )
    .sort((a, b) => a.at - b.at || a.l - b.l)
    .map(x => x.r)
    .slice(0, TOTAL);
}

describe('the fuzzer', { timeout: 600_000 }, () => {
  let backend: Backend;
  let github: RecordedGithub;
  let exited: number | null | undefined;
  const simulatorToken = randomBytes(16).toString('hex');
  let tokens: { user: string; admin: string };
  let cookie: string;
  let operations: Operation[];
  let results: FuzzResult[] = [];
  const started = Date.now();

  before(async () => {
    // eslint-disable-next-line no-console
    console.log(
      `FUZZ_SEED=${SEED} (replay: FUZZ_SEED=${SEED} node --test tests/fuzz.test.ts)`,
    );
    // FUZZ_BACKSTAGE=1 adds the routes of Backstage's own plugins that ship a spec (catalog, scaffolder, search).
    operations = openApiOperations({
      backstage: process.env.FUZZ_BACKSTAGE === '1',
    });
    // GitHub is not reachable here (its 502 is the reviews plugin's deliberate answer then): a loopback stand-in
    // for GitHub Enterprise, with a service token, that answers any other token as GitHub does a revoked one.
    github = await startRecordedGithub({
      fixturesDir: resolve(ROOT, 'plugins/reviews-backend/src/__fixtures__'),
    });
    const config = join(
      mkdtempSync(join(tmpdir(), 'atrium-fuzz-')),
      'app-config.fuzz.yaml',
    );
    writeFileSync(
      config,
      JSON.stringify({
        integrations: {
          github: [
            {
              host: 'github.larkspur.example',
              apiBaseUrl: `${github.url}/api/v3`,
              token: TOKENS.service,
            },
          ],
        },
        reviews: { github: { host: 'github.larkspur.example' } },
      }),
    );
    backend = await startDemoBackend({
      name: 'fuzz',
      configs: [config],
      env: { ATRIUM_SIMULATOR_TOKEN: simulatorToken },
    });
    backend.process.exited.then(code => (exited = code));
    tokens = {
      user: (await signIn(backend.baseUrl, 'alice.nakamura')).token,
      admin: (await signIn(backend.baseUrl, 'ravi.subramanian')).token,
    };
    const res = await fetch(
      `${backend.baseUrl}/api/app/.backstage/auth/v1/cookie`,
      { headers: { authorization: `Bearer ${tokens.user}` } },
    );
    assert.equal(res.status, 200, "the app's sign-in cookie");
    cookie = res.headers.get('set-cookie')!.split(';')[0];
    // eslint-disable-next-line no-console
    console.log(
      `backend ready and signed in after ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
  });

  after(async () => {
    closeAgent();
    await backend?.stop();
    await github?.close();
    // eslint-disable-next-line no-console
    console.log(
      `fuzz suite: ${((Date.now() - started) / 1000).toFixed(
        1,
      )} s in all, backend start included`,
    );
  });

  test(`no answer >= 500 to about ${TOTAL} hostile requests in ${SECONDS} s`, async () => {
    const requests = plan(operations).map(r =>
      authorize(r, { simulatorToken, tokens, cookie }),
    );
    const t0 = Date.now();
    results = await runBounded(backend.baseUrl, requests, {
      concurrency: CONCURRENCY,
      deadline: t0 + SECONDS * 1000,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    const seconds = (Date.now() - t0) / 1000;

    const byStatus = new Map<string, number>();
    for (const r of results) {
      let k = r.status ? String(r.status) : 'no answer';
      if (!r.status && notSent(r)) k = 'not sent';
      byStatus.set(k, (byStatus.get(k) ?? 0) + 1);
    }
    // Per target: how many, and their statuses (so a target that only ever answers 401 or 404 shows).
    const byTarget = new Map<string, Map<string, number>>();
    for (const r of results) {
      const statuses = byTarget.get(r.request.target) ?? new Map();
      const k = String(r.status ?? 'none');
      statuses.set(k, (statuses.get(k) ?? 0) + 1);
      byTarget.set(r.request.target, statuses);
    }
    // eslint-disable-next-line no-console
    console.log(
      [
        `FUZZ_SEED=${SEED}: ${results.length} of ${
          requests.length
        } requests sent in ${seconds.toFixed(1)} s`,
        `statuses: ${[...byStatus]
          .sort()
          .map(([k, n]) => `${k} x${n}`)
          .join(', ')}`,
        ...[...byTarget].map(
          ([k, st]) =>
            `  ${k}: ${[...st]
              .sort()
              .map(([c, n]) => `${c} x${n}`)
              .join(', ')}`,
        ),
      ].join('\n'),
    );

    const failed = results.filter(
      r =>
        (r.status !== undefined && r.status >= 500) || (r.error && !notSent(r)),
    );
    // GraphQL's own 500 inside a 200: a resolver that threw something unexpected (it has a path) fails the run
    // like a 500; a request error the gateway codes INTERNAL_SERVER_ERROR (no path: an unknown operation name,
    // variables that do not coerce) is listed, since graphql-js reports those without a code.
    const resolverCrashes = results.filter(r =>
      r.graphqlInternal?.some(e => e.path !== undefined),
    );
    const miscoded = results.filter(
      r => r.graphqlInternal?.length && !resolverCrashes.includes(r),
    );
    if (miscoded.length)
      // eslint-disable-next-line no-console
      console.log(
        `${
          miscoded.length
        } GraphQL request errors coded INTERNAL_SERVER_ERROR (not resolver failures), e.g.:\n${miscoded
          .slice(0, 3)
          .map(describeResult)
          .join('\n')}`,
      );
    failed.push(...resolverCrashes);
    // Every request's outcome, one line each, for a human to look through (artifacts/ is git-ignored).
    writeFileSync(
      join(artifactDir('fuzz'), `results-${SEED}.txt`),
      results
        .map(
          r =>
            `${r.status ?? r.error} ${r.request.who} ${
              r.request.method
            } ${r.request.path.slice(0, 200)} ` +
            `[${r.request.target}] body=${JSON.stringify(
              r.request.body?.toString('utf8').slice(0, 200) ?? '',
            )} ` +
            `=> ${r.excerpt.slice(0, 200)}`,
        )
        .join('\n'),
    );
    writeFileSync(
      join(artifactDir('fuzz'), `failures-${SEED}.json`),
      JSON.stringify(
        failed.map(f => ({
          ...f,
          request: {
            ...f.request,
            headers: {
              ...f.request.headers,
              authorization: undefined,
              cookie: undefined,
            },
            body: f.request.body?.toString('base64'),
          },
        })),
        null,
        1,
      ),
    );
    assert.ok(
      results.length >= Math.min(requests.length, 500),
      `only ${results.length} requests were sent before the deadline`,
    );
    assert.equal(
      failed.length,
      0,
      `FUZZ_SEED=${SEED}: ${
        failed.length
      } requests answered >= 500 (or GraphQL's INTERNAL_SERVER_ERROR from a resolver) or not at all:\n${failed
        .slice(0, 40)
        .map(describeResult)
        .join('\n')}`,
    );
  });

  test('every operation of every OpenAPI spec was reached', () => {
    assert.ok(operations.length >= 20, `only ${operations.length} operations`);
    // A route was reached when a request with plausible path parameters got an answer other than the routers'
    // bare 404 for a path nothing serves (Backstage's not-found handler has an empty body).
    const reached = new Set(
      results
        .filter(
          r =>
            r.request.plain &&
            r.status !== undefined &&
            !(r.status === 404 && r.excerpt === ''),
        )
        .map(r => r.request.target),
    );
    const missed = operations.map(o => o.key).filter(k => !reached.has(k));
    assert.deepEqual(missed, [], 'documented routes the fuzzer never reached');
    // The gateway executed hostile queries (not only refused bodies), the server rendered pages (the frontend's
    // build is there: scripts/lib/backend.sh's ensure_frontend_build), the simulator answered its own token.
    for (const target of ['graphql', 'ssr', 'kube-simulator'])
      assert.ok(
        results.some(r => r.request.target === target && r.status === 200),
        `no request to ${target} was answered 200`,
      );
  });

  test('the backend still answers afterwards', async () => {
    assert.equal(exited, undefined, 'the backend process is alive');
    const live = await fetch(
      `${backend.baseUrl}/.backstage/health/v1/liveness`,
    );
    assert.equal(live.status, 200);
    const entities = await fetch(
      `${backend.baseUrl}/api/catalog/entities?limit=1`,
      { headers: { authorization: `Bearer ${tokens.user}` } },
    );
    assert.equal(entities.status, 200);
    assert.equal(((await entities.json()) as unknown[]).length, 1);
    const graphql = await fetch(`${backend.baseUrl}/api/graphql`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.user}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: '{ viewer { userRef } }' }),
    });
    assert.equal(graphql.status, 200);
    assert.deepEqual(await graphql.json(), {
      data: { viewer: { userRef: 'user:default/alice.nakamura' } },
    });
  });
});
