/**
 * What the compute suites share (the whole stack a suite runs against is in `computeStack.ts`).
 * - The simulated clusters: `startSimulatedCluster`, `simulatedClusterConfig`, and reads and writes
 *   straight to one as kubectl would (`kubeRequest`, `kubeGet`, `kubeCreate`, `appPath`).
 * - `api`: a JSON call to Atrium as a signed-in user; `demoRegistryTags`: the demo registry's seed.
 * Signals (who hears of an action) are in `signals.ts`; the fixtures of the compute-* suites in `computeSuite.ts`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** Deletes an object through a simulated cluster's REST API, as kubectl delete would, and asserts it is gone (200). */
export async function kubeDelete(
  cluster: SimulatedCluster,
  path: string,
): Promise<void> {
  const removed = await kubeRequest(cluster, path, { method: 'DELETE' });
  assert.equal(removed.status, 200);
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

/** A signed-in user's JSON call, as the suites bind {@link api} to their backend and tokens. */
export type UserCall<U extends string = string> = (
  user: U,
  path: string,
  init?: { method?: string; body?: unknown },
) => Promise<{ status: number; body: any }>;

/**
 * A user asks for an action (`deploy`, `scale`…) against an App as it is now: its resourceVersion is read,
 * then sent with the fields. While a rollout runs, the App's status (and so its resourceVersion) moves on
 * between the read and the send; a 409 is then asked again, as a person would, at most 10 times.
 */
export async function actOnAppAsItIsNow<U extends string>(
  call: UserCall<U>,
  user: U,
  app: string,
  action: string,
  fields: Record<string, unknown> = {},
): Promise<{ status: number; body: any }> {
  let res: { status: number; body: any } | undefined;
  for (let attempt = 0; attempt < 10; attempt++) {
    const now = await call(user, app);
    if (now.status !== 200) return now;
    res = await call(user, `${app}/${action}`, {
      method: 'POST',
      body: { resourceVersion: now.body.resourceVersion, ...fields },
    });
    if (res.status !== 409) return res;
  }
  return res!;
}

/** The seeds of a simulated cluster of the demo: what every cluster has, then its own workloads. */
export const demoSeeds = (name: string) => [
  'demo/compute/simulator.yaml',
  `demo/compute/${name}.yaml`,
];
