/**
 * The tests' and benches' own helpers, where they can go wrong without a server: callGateway's bound on a
 * gateway that never answers (tests/lib/gateway.ts), the HA fault suite's clients (a request resent when its
 * connection closes unanswered, a cut answer named as such; tests/lib/ha/load.ts) and its reading of HAProxy's
 * log, the adoption suites' event times (never in the future; tests/lib/adoption.ts), and the name on a bench's
 * log lines (bench/lib/util.ts), and the suite runner of the test command (tests/run-suites.ts).
 * A second or two.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { daysAgo } from './lib/adoption.ts';
import { callGateway } from './lib/gateway.ts';
import { abnormalRequests } from './lib/ha/haproxy.ts';
import { runClients, summarise } from './lib/ha/load.ts';
import { ROOT } from './lib/paths.ts';
import { longestFirst } from './run-suites.ts';

describe('callGateway', () => {
  test(
    'rejects when the gateway does not answer within its bound, instead of waiting for ever',
    { timeout: 10_000 },
    async () => {
      // Takes every request and never answers it.
      const server = createServer(() => undefined);
      await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
      const { port } = server.address() as AddressInfo;
      try {
        const started = Date.now();
        await assert.rejects(
          callGateway(
            `http://127.0.0.1:${port}`,
            undefined,
            '{ __typename }',
            {},
            {
              timeoutMs: 300,
            },
          ),
          /no answer within 300 ms/,
        );
        assert.ok(Date.now() - started < 5000);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    },
  );
});

describe("the HA fault suite's clients", () => {
  /** A server whose connections each answer `answer(n)` for their n-th request (counted over all connections). */
  async function server(
    answer: (n: number, res: import('node:http').ServerResponse) => void,
  ) {
    let n = 0;
    const s = createServer((_req, res) => answer(n++, res));
    await new Promise<void>(done => s.listen(0, '127.0.0.1', done));
    const { port } = s.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/`,
      close: () =>
        new Promise<void>(done => {
          s.closeAllConnections();
          s.close(() => done());
        }),
    };
  }

  /** One client sending one request, bounded in time, as the fault suite's clients do. */
  const oneRequest = (url: string, init: RequestInit = {}) =>
    runClients({
      clients: 1,
      durationMs: 5_000,
      maxPerClient: 1,
      request: () => ({
        what: `${init.method ?? 'GET'} /`,
        send: () => fetch(url, { ...init, signal: AbortSignal.timeout(3_000) }),
      }),
    });

  test('send a request again, once, when its connection closes before any answer, and count it', async () => {
    // The first request's connection is closed without a byte of answer, as a proxy closing an idle kept-alive
    // connection does; the second is answered.
    const s = await server((n, res) =>
      n === 0 ? res.socket?.destroy() : res.end('ok'),
    );
    try {
      const outcomes = await oneRequest(s.url, { method: 'POST', body: '{}' });
      assert.deepEqual(
        outcomes.map(o => [o.status, o.ok, o.resent]),
        [[200, true, true]],
      );
      assert.match(
        summarise(outcomes),
        /0 failed \(1 sent again on a new connection\)/,
      );
    } finally {
      await s.close();
    }
  });

  test('fail an answer cut after its status, naming the stage, without sending it again', async () => {
    let requests = 0;
    const s = await server((_n, res) => {
      requests += 1;
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 50);
    });
    try {
      const outcomes = await oneRequest(s.url);
      assert.equal(outcomes.length, 1);
      assert.equal(outcomes[0].ok, false);
      assert.match(
        outcomes[0].detail ?? '',
        /^answer cut after its status 200: /,
      );
      assert.equal(requests, 1);
    } finally {
      await s.close();
    }
  });

  test("pick HAProxy's log lines of requests that did not end normally", () => {
    const normal =
      '127.0.0.1:41312 [06/Dec/2026:09:49:26.045] atrium replicas/replica-2 0/0/0/6/6 200 949 - - ---- 2/2/1/1/0 0/0 "GET /api/catalog/entities HTTP/1.1"';
    const cut =
      '127.0.0.1:41528 [06/Dec/2026:14:33:32.326] atrium replicas/replica-1 0/0/0/636/1704 200 747 - - SD-- 59/59/50/0/0 0/0 "POST /api/graphql HTTP/1.1"';
    const gone =
      '127.0.0.1:41476 [06/Dec/2026:14:33:33.948] atrium replicas/replica-2 0/81/0/-1/5083 504 198 - - sH-- 66/66/54/54/+1 0/0 "POST /api/graphql HTTP/1.1"';
    const log = [
      normal,
      cut,
      '[WARNING] Server replicas/replica-1 is DOWN',
      gone,
      '',
    ].join('\n');
    assert.deepEqual(abnormalRequests(log, 20), [cut, gone]);
    assert.deepEqual(abnormalRequests(log, 1), [gone]);
  });
});

describe("the adoption suites' event times", () => {
  test('are never in the future: today before 10:00 UTC is halfway through the day so far', () => {
    const at = (iso: string) => Date.parse(iso);
    const early = at('2026-12-07T00:17:00.000Z');
    assert.equal(daysAgo(early, 0), '2026-12-07T00:08:30.000Z');
    assert.equal(daysAgo(early, 1), '2026-12-06T10:00:00.000Z');
    const late = at('2026-12-07T15:00:00.000Z');
    assert.equal(daysAgo(late, 0), '2026-12-07T10:00:00.000Z');
    assert.equal(daysAgo(late, 0, 16), '2026-12-07T07:30:00.000Z');
    assert.equal(daysAgo(late, 3, 16), '2026-12-04T16:00:00.000Z');
  });
});

describe("a bench's log", () => {
  test("names the bench that writes it, not the speed bench's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'atrium-bench-log-'));
    try {
      const script = join(dir, 'catalog-list.ts');
      writeFileSync(
        script,
        `import { log } from ${JSON.stringify(
          resolve(ROOT, 'bench/lib/util.ts'),
        )};\nlog('hello');\n`,
      );
      const { stderr } = spawnSync(process.execPath, [script], {
        encoding: 'utf8',
      });
      assert.match(stderr, /^\[catalog-list \+0s\] hello$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the suite runner', () => {
  test('starts the longest suites first; one it has no time for counts as long', () => {
    assert.deepEqual(
      longestFirst(
        [
          'tests/a.test.ts',
          'tests/b.test.ts',
          'tests/c.test.ts',
          'tests/new.test.ts',
        ],
        {
          'a.test.ts': 10,
          'b.test.ts': 300,
          'c.test.ts': 40,
        },
      ),
      [
        'tests/b.test.ts',
        'tests/new.test.ts',
        'tests/c.test.ts',
        'tests/a.test.ts',
      ],
    );
  });

  test("prints each suite's output whole, fails when one fails, naming it, and records the times", () => {
    const dir = mkdtempSync(join(tmpdir(), 'atrium-run-suites-'));
    try {
      const suite = (name: string, body: string) => {
        const file = join(dir, `${name}.test.ts`);
        writeFileSync(
          file,
          `import { test } from 'node:test';\n` +
            `test('${name} one', async () => { console.log('${name}:1'); await new Promise(r => setTimeout(r, 200)); });\n` +
            `test('${name} two', () => { console.log('${name}:2'); ${body} });\n`,
        );
        return file;
      };
      const passing = suite('passing', '');
      const failing = suite('failing', "throw new Error('broken on purpose');");
      const times = join(dir, 'times.json');
      const run = spawnSync(
        process.execPath,
        [
          resolve(ROOT, 'tests/run-suites.ts'),
          '--concurrency',
          '2',
          passing,
          failing,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, ATRIUM_SUITE_TIMES: times },
        },
      );
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(
        run.stdout,
        /2 suites, \d+ s of suite time; 1 failed: .*failing\.test\.ts$/m,
      );
      assert.match(run.stdout, /✖ .*failing\.test\.ts: FAILED in \d+ s/);
      assert.match(run.stdout, /✔ .*passing\.test\.ts: passed in \d+ s/);
      const lines = run.stdout.split('\n');
      for (const [name, other] of [
        ['passing', 'failing'],
        ['failing', 'passing'],
      ]) {
        const first = lines.findIndex(l => l.includes(`${name}:1`));
        const second = lines.findIndex(l => l.includes(`${name}:2`));
        assert.ok(first >= 0 && second > first, run.stdout);
        const between = lines.slice(first, second);
        assert.ok(!between.some(l => l.includes(`${other}:`)), run.stdout);
      }
      assert.deepEqual(
        Object.keys(JSON.parse(readFileSync(times, 'utf8'))).sort(),
        ['failing.test.ts', 'passing.test.ts'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
