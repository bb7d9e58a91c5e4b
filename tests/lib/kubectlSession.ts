/**
 * kubectl against one Kubernetes API simulator (packages/kube-simulator; not a cluster) seeded with the demo's
 * sim-eu-west, over its HTTPS with its CA and a bearer token from a kubeconfig: as the admin (context `admin`)
 * and as Atrium's compute service account (context `compute`; deploy/cluster/rbac.yaml), for
 * tests/kubectl.test.ts. Every command is bounded in time.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import {
  SIMULATOR_TOKEN,
  startSimulatedCluster,
  type SimulatedCluster,
} from './compute.ts';
import { KUBECTL, kubectlClientVersion } from './kubectl.ts';

export const COMPUTE_TOKEN = 'atrium-tests-compute-token';
export const COMPUTE_USER = 'system:serviceaccount:atrium:atrium-compute';
export const NS = 'team-payments';
export const COMMAND_TIMEOUT_MS = 30_000;

/**
 * kubectl before 1.27 (Debian's kubernetes-client is 1.20) reads OpenAPI only as v2 protobuf, which the
 * simulator does not serve (it answers 406), so explain and apply's validation need a newer one.
 */
export function skipUnlessOpenApiV3(): string | false {
  if (!KUBECTL) return false;
  try {
    const { major, minor } =
      kubectlClientVersion(COMMAND_TIMEOUT_MS).clientVersion;
    const ok = Number(major) > 1 || parseInt(minor, 10) >= 27;
    return ok
      ? false
      : `kubectl ${major}.${minor} reads OpenAPI as v2 protobuf only, which the simulator does not serve`;
  } catch (error) {
    return `kubectl version failed: ${(error as Error).message}`;
  }
}
export const OPENAPI_V3_SKIP = skipUnlessOpenApiV3();

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** An App of the suite's own component, kubectl-demo, in team-payments. */
export const app = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'compute.atrium.dev/v1alpha1',
  kind: 'App',
  metadata: {
    name,
    namespace: NS,
    labels: {
      'compute.atrium.dev/team': NS,
      'compute.atrium.dev/component': 'kubectl-demo',
    },
  },
  spec: {
    image: 'registry.larkspur.example/payments/kubectl-demo',
    version: '1.0.0',
    replicas: 2,
    tier: 'on-demand',
    resources: { cpu: '100m', memory: '128Mi' },
    ...spec,
  },
});

/** kubectl with the suite's kubeconfig, against the suite's simulator. */
export interface KubectlSession {
  /** The environment kubectl runs with (KUBECONFIG, HOME), to spawn it yourself. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs kubectl with the test's kubeconfig; never throws for an exit code, always ends within the bound. */
  kubectl(args: string[], context?: string): Promise<KubectlResult>;
  /** Runs kubectl, asserts it exits 0, and answers its output. */
  ok(args: string[], context?: string): Promise<string>;
  /** `kubectl get <args> -o json`, parsed. */
  getJson(args: string[]): Promise<any>;
  /** Writes `object` as a manifest file named `name`; answers its path. */
  manifest(name: string, object: unknown): string;
}

/**
 * Registers the suite's `before` (start the simulator, write the kubeconfig) and `after` (stop it, remove the
 * files): call it inside the suite's `describe`.
 */
export function useKubectlSession(): KubectlSession {
  let cluster: SimulatedCluster | undefined;
  let dir = '';
  const env = () => ({
    ...process.env,
    KUBECONFIG: join(dir, 'kubeconfig'),
    HOME: dir,
  });

  const kubectl = (args: string[], context = 'admin'): Promise<KubectlResult> =>
    new Promise(resolveRun => {
      execFile(
        KUBECTL!,
        ['--context', context, ...args],
        {
          timeout: COMMAND_TIMEOUT_MS,
          killSignal: 'SIGKILL',
          env: env(),
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          let code = 0;
          if (error) code = typeof error.code === 'number' ? error.code : -1;
          resolveRun({ code, stdout, stderr });
        },
      );
    });
  const ok = async (args: string[], context = 'admin') => {
    const r = await kubectl(args, context);
    assert.equal(
      r.code,
      0,
      `kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`,
    );
    return r.stdout;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atrium-kubectl-'));
    const started = await startSimulatedCluster('sim-kubectl', {
      seeds: ['demo/compute/simulator.yaml', 'demo/compute/sim-eu-west.yaml'],
      args: [
        '--rbac',
        'deploy/cluster/rbac.yaml',
        '--rbac',
        'demo/compute/rbac.yaml',
        '--token',
        `${COMPUTE_TOKEN}=${COMPUTE_USER}`,
      ],
    });
    cluster = started;
    const users = { admin: SIMULATOR_TOKEN, compute: COMPUTE_TOKEN };
    writeFileSync(
      join(dir, 'kubeconfig'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'sim',
            cluster: {
              server: started.url,
              'certificate-authority': started.caFile,
            },
          },
        ],
        users: Object.entries(users).map(([name, token]) => ({
          name,
          user: { token },
        })),
        contexts: Object.keys(users).map(name => ({
          name,
          context: { cluster: 'sim', user: name, namespace: NS },
        })),
        'current-context': 'admin',
      }),
    );
  });

  after(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return {
    get env() {
      return env();
    },
    kubectl,
    ok,
    getJson: async args => JSON.parse(await ok(['get', ...args, '-o', 'json'])),
    manifest: (name, object) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(object, null, 2));
      return file;
    },
  };
}
