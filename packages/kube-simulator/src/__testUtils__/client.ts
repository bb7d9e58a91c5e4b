import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import path from 'node:path';
import { createKubeSimulator, type KubeSimulatorOptions } from '../simulator';

export const TOKEN = 'test-token';
/** The small cluster most tests start from. */
export const SEED = path.join(__dirname, '../__fixtures__/test-cluster.yaml');
export const GROUP = 'compute.atrium.dev';
export const VERSION = 'v1alpha1';
export const NS = 'team-payments';

/** A KubeConfig for a simulator URL (which may carry a path prefix) with a token user. */
export function kubeConfigFor(server: string, token = TOKEN): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server, skipTLSVerify: true }],
    users: [{ name: 'tester', token }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'tester' }],
    currentContext: 'sim',
  });
  return kc;
}

export function clientsFor(server: string) {
  const kc = kubeConfigFor(server);
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
  };
}

/** The Status body and code of a failed client-node call. */
export async function statusOf(
  promise: Promise<unknown>,
): Promise<{ code: number; body: any }> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ApiException) {
      const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
      return { code: e.code, body };
    }
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** Runs `step` until `check` holds, at most `max` times. */
export function until(
  step: () => void,
  check: () => boolean,
  max: number,
): number {
  for (let i = 0; i < max; i++) {
    if (check()) return i;
    step();
  }
  if (check()) return max;
  throw new Error(`condition not reached in ${max} steps`);
}

export async function waitFor<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 20));
  }
}

/**
 * A simulator with one cluster seeded from SEED, listening on a spare port, and clients for it. The
 * reconciler runs only when a test ticks it, unless `options` say otherwise.
 */
export async function startTestCluster(
  options: Omit<KubeSimulatorOptions, 'token' | 'clusters'> = {},
  name = 'sim-test',
) {
  const simulator = createKubeSimulator({
    token: TOKEN,
    clusters: [{ name, seed: [SEED] }],
    autoStart: false,
    ...options,
  });
  const cluster = simulator.cluster(name);
  const server = await cluster.listen();
  return { simulator, cluster, server, api: clientsFor(server.url) };
}
