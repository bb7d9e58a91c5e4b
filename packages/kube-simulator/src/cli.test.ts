import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { findRepoRoot } from './paths';

jest.setTimeout(30_000);

describe('cli', () => {
  it('prints one JSON line per server, serves the clusters over HTTPS with the CA in its data folder, and exits cleanly on SIGTERM', async () => {
    const root = findRepoRoot()!;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-cli-'));
    const child = spawn(
      process.execPath,
      [
        '--require',
        path.join(
          root,
          'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
        ),
        path.join(__dirname, 'cli.ts'),
        '--cluster',
        'sim-a=0',
        '--seed',
        `sim-a=${path.join(__dirname, '__fixtures__/test-cluster.yaml')}`,
        '--token',
        'cli-token',
        '--registry',
        `0=${path.join(__dirname, '__fixtures__/registry.yaml')}`,
        '--tick-ms',
        '100',
        '--data-dir',
        dataDir,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const lines: any[] = [];
      const stderr: string[] = [];
      child.stderr.on('data', d => stderr.push(String(d)));
      const reader = createInterface(child.stdout);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no output in time: ${stderr.join('')}`)),
          20_000,
        );
        reader.on('line', line => {
          lines.push(JSON.parse(line));
          if (lines.length === 2) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(lines[0]).toEqual({
        simulator: 'kube',
        cluster: 'sim-a',
        url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
        caFile: path.join(dataDir, 'ca.crt'),
      });
      expect(lines[1]).toEqual({
        simulator: 'registry',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      });
      const ca = fs.readFileSync(lines[0].caFile, 'utf8');
      const pods = await new Promise<any>((resolve, reject) => {
        https
          .get(
            `${lines[0].url}/api/v1/namespaces/team-payments/pods`,
            { ca, headers: { Authorization: 'Bearer cli-token' } },
            res => {
              let text = '';
              res.on('data', chunk => (text += chunk));
              res.on('end', () => resolve(JSON.parse(text)));
            },
          )
          .on('error', reject);
      });
      expect(pods.items).toHaveLength(3);
      const tags = await fetch(
        `${lines[1].url}/v2/payments/ledger-service/tags/list`,
      );
      expect((await tags.json()).tags).toEqual(['1.27.4', '1.27.5']);

      const exit = new Promise<number | null>(resolve =>
        child.on('exit', code => resolve(code)),
      );
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true });
    }
  });
});
