import { readFileSync } from 'node:fs';
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
  url: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/**
 * One simulated cluster (packages/kube-simulator: a Kubernetes API simulator, not a cluster) in its own
 * process on a spare loopback port, seeded from the demo's workloads, so a test can take it down.
 */
export async function startSimulatedCluster(
  name: string,
  options: { seeds: string[]; tickMs?: number },
): Promise<SimulatedCluster> {
  const port = await freePort();
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
    ],
    {
      cwd: ROOT,
      logFile: join(artifactDir('logs'), `simulator-${name}.log`),
      env: process.env,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    `the simulated cluster ${name}`,
    async () => {
      const res = await fetch(`${url}/version`, {
        headers: { authorization: `Bearer ${SIMULATOR_TOKEN}` },
      });
      return res.ok ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 300, onTimeout: () => proc.tail() },
  ).catch(async error => {
    await proc.stop();
    throw error;
  });
  return { name, url, process: proc, stop: () => proc.stop() };
}

/**
 * A `compute.clusters` entry for a simulated cluster (or any loopback URL standing in for one): the
 * simulators' token, and plain http, which the Kubernetes client allows only with skipTLSVerify.
 */
export function simulatedClusterConfig(
  name: string,
  url: string,
  region?: string,
) {
  return {
    name,
    ...(region ? { region } : {}),
    url,
    serviceAccountToken: SIMULATOR_TOKEN,
    skipTLSVerify: true,
  };
}

/** Reads an object straight from a simulated cluster's REST API, as kubectl would. */
export async function kubeGet(
  cluster: SimulatedCluster,
  path: string,
): Promise<any> {
  const res = await fetch(`${cluster.url}${path}`, {
    headers: { authorization: `Bearer ${SIMULATOR_TOKEN}` },
  });
  if (!res.ok)
    throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Creates an object through a simulated cluster's REST API, as kubectl create would. */
export async function kubeCreate(
  cluster: SimulatedCluster,
  path: string,
  body: unknown,
): Promise<any> {
  const res = await fetch(`${cluster.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${SIMULATOR_TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!res.ok)
    throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return res.json();
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
