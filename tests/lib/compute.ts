import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { artifactDir, ROOT } from './paths.ts';
import {
  freePort,
  startProcess,
  waitFor,
  type RunningProcess,
} from './proc.ts';

/** The token the test simulators require. */
export const SIMULATOR_TOKEN = 'atrium-tests-simulator-token';

export interface SimulatedCluster {
  name: string;
  /** https://127.0.0.1:<port> */
  url: string;
  /** The simulator's CA (PEM), which its server certificate is signed by, and its file. */
  ca: string;
  caFile: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/** A JSON request to a simulated cluster over HTTPS, trusting its CA, with the simulators' token. */
export function kubeRequest(
  cluster: Pick<SimulatedCluster, 'url' | 'ca'>,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolveRequest, reject) => {
    const req = request(
      `${cluster.url}${path}`,
      {
        method: init.method ?? 'GET',
        ca: cluster.ca,
        timeout: 10_000,
        headers: {
          authorization: `Bearer ${SIMULATOR_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () => {
          let parsed: any = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolveRequest({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${path}: timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One simulated cluster (packages/kube-simulator: a Kubernetes API simulator, not a cluster) in its own
 * process on a spare loopback port, seeded from the demo's workloads, so a test can take it down. It serves
 * HTTPS with a CA of its own, made in a temporary data folder.
 */
export async function startSimulatedCluster(
  name: string,
  options: {
    seeds: string[];
    tickMs?: number;
    /** More CLI flags, e.g. `--rbac <file>`, `--token <token>=<user>`. */
    args?: string[];
  },
): Promise<SimulatedCluster> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `atrium-simulator-${name}-`));
  const caFile = join(dataDir, 'ca.crt');
  const proc = startProcess(
    process.execPath,
    [
      '--require',
      resolve(
        ROOT,
        'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
      ),
      'packages/kube-simulator/src/cli.ts',
      '--cluster',
      `${name}=${port}`,
      ...options.seeds.flatMap(seed => [
        '--seed',
        `${name}=${resolve(ROOT, seed)}`,
      ]),
      '--token',
      SIMULATOR_TOKEN,
      '--tick-ms',
      String(options.tickMs ?? 100),
      '--data-dir',
      dataDir,
      ...(options.args ?? []),
    ],
    {
      cwd: ROOT,
      logFile: join(artifactDir('logs'), `simulator-${name}.log`),
      env: process.env,
    },
  );
  const url = `https://127.0.0.1:${port}`;
  let ca = '';
  await waitFor(
    `the simulated cluster ${name}`,
    async () => {
      // The CA is written before the server listens.
      ca ||= (() => {
        try {
          return readFileSync(caFile, 'utf8');
        } catch {
          return '';
        }
      })();
      if (!ca) return undefined;
      const res = await kubeRequest({ url, ca }, '/version').catch(
        () => undefined,
      );
      return res?.status === 200 ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 300, onTimeout: () => proc.tail() },
  ).catch(async error => {
    await proc.stop();
    throw error;
  });
  return {
    name,
    url,
    ca,
    caFile,
    process: proc,
    stop: async () => {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A `compute.clusters` entry for a simulated cluster, trusting its CA (caData), or for an https URL standing in
 * for one (an unreachable or silent port); with the simulators' token.
 */
export function simulatedClusterConfig(
  name: string,
  target: SimulatedCluster | string,
  region?: string,
) {
  return {
    name,
    ...(region ? { region } : {}),
    url: typeof target === 'string' ? target : target.url,
    serviceAccountToken: SIMULATOR_TOKEN,
    ...(typeof target === 'string'
      ? {}
      : { caData: Buffer.from(target.ca).toString('base64') }),
  };
}

/** Reads an object straight from a simulated cluster's REST API, as kubectl would. */
export async function kubeGet(
  cluster: SimulatedCluster,
  path: string,
): Promise<any> {
  const res = await kubeRequest(cluster, path);
  if (res.status !== 200)
    throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Creates an object through a simulated cluster's REST API, as kubectl create would. */
export async function kubeCreate(
  cluster: SimulatedCluster,
  path: string,
  body: unknown,
): Promise<any> {
  const res = await kubeRequest(cluster, path, { method: 'POST', body });
  if (res.status < 200 || res.status >= 300)
    throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const appPath = (namespace: string, name: string) =>
  `/apis/compute.atrium.dev/v1alpha1/namespaces/${namespace}/apps/${name}`;

/** The demo registry seed: repository → tags (demo/compute/registry.yaml). */
export function demoRegistryTags(): Map<string, string[]> {
  const seed = parse(
    readFileSync(join(ROOT, 'demo/compute/registry.yaml'), 'utf8'),
  ) as {
    repositories: { name: string; tags: string[] }[];
  };
  return new Map(seed.repositories.map(r => [r.name, r.tags.map(String)]));
}

/** A JSON call to Atrium's API as a signed-in user. */
export async function api(
  baseUrl: string,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined
        ? {}
        : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

/** A signed-in user's connection to Backstage's signals, keeping every message it receives, in order. */
export interface SignalsConnection {
  messages: Array<{ channel: string; message: any }>;
  /** The messages received on one channel. */
  on(channel: string): any[];
  close(): void;
}

/**
 * Connects to `/api/signals` over WebSocket as the app's signal client does (the user's token as the WebSocket
 * subprotocol) and subscribes to `channels`.
 */
export async function connectSignals(
  baseUrl: string,
  token: string,
  channels: string[],
): Promise<SignalsConnection> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/signals`;
  // The signals plugin hooks the server's upgrade event only once a first WebSocket request has passed its router,
  // so the first attempt on a fresh backend may be refused; retry a few times, as the app's client reconnects.
  const ws = await waitFor(
    'a WebSocket connection to /api/signals',
    () =>
      new Promise<WebSocket | undefined>(done => {
        const socket = new WebSocket(url, token);
        const timer = setTimeout(() => {
          socket.close();
          done(undefined);
        }, 2000);
        socket.onopen = () => {
          clearTimeout(timer);
          done(socket);
        };
        socket.onerror = () => {
          clearTimeout(timer);
          done(undefined);
        };
      }),
    { timeoutMs: 10_000, intervalMs: 100 },
  );
  const messages: SignalsConnection['messages'] = [];
  ws.onmessage = event => messages.push(JSON.parse(String(event.data)));
  for (const channel of channels) {
    ws.send(JSON.stringify({ action: 'subscribe', channel }));
  }
  // The protocol has no acknowledgement: wait until the subscriptions have left this process. The server handles
  // them as they arrive, long before an action sent afterwards (over another connection, then a catalog read,
  // a permission check and a cluster write) publishes anything.
  await waitFor(
    'the subscriptions to be sent',
    async () => (ws.bufferedAmount === 0 ? true : undefined),
    { timeoutMs: 5000, intervalMs: 10 },
  );
  return {
    messages,
    on: channel =>
      messages.filter(m => m.channel === channel).map(m => m.message),
    close: () => ws.close(),
  };
}

/**
 * The status with which the backend answers one WebSocket upgrade to `/api/signals` (`101` when it accepts it;
 * the socket is closed at once), presenting `token` as the subprotocol like the app's signals client, or nothing,
 * and any other `headers`.
 * Undefined when no answer comes within `timeoutMs`: on a fresh backend the signals plugin keeps the first
 * upgrade that reaches its router unanswered.
 */
export function signalsUpgradeStatus(
  baseUrl: string,
  token?: string,
  { headers = {}, timeoutMs = 2000 } = {} as {
    headers?: Record<string, string>;
    timeoutMs?: number;
  },
): Promise<number | undefined> {
  return new Promise(done => {
    const req = httpRequest(`${baseUrl}/api/signals`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...(token ? { 'sec-websocket-protocol': token } : {}),
        ...headers,
      },
      timeout: timeoutMs,
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      done(res.statusCode);
    });
    req.on('response', res => {
      res.resume();
      done(res.statusCode);
    });
    req.on('timeout', () => {
      req.destroy();
      done(undefined);
    });
    req.on('error', () => done(undefined));
    req.end();
  });
}
