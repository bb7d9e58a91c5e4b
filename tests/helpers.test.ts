/**
 * The tests' and benches' own helpers, where they can go wrong without a server: callGateway's bound on a
 * gateway that never answers (tests/lib/gateway.ts), and the name on a bench's log lines (bench/lib/util.ts).
 * A second or two.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { callGateway } from './lib/gateway.ts';
import { ROOT } from './lib/paths.ts';

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
