import { randomBytes } from 'node:crypto';
import {
  kubeRequest,
  startSimulatedCluster,
  type SimulatedCluster,
} from '../compute.ts';
import { freePort, waitFor } from '../proc.ts';

/** The demo's clusters, as app-config.yaml's embedded simulator holds them. */
const CLUSTERS = [
  { name: 'sim-eu-west', region: 'eu-west-1' },
  { name: 'sim-us-east', region: 'us-east-1' },
];
const seeds = (name: string) => [
  'demo/compute/simulator.yaml',
  `demo/compute/${name}.yaml`,
];

export interface StackSimulator {
  /** The first cluster's handle (its process serves all of them); kubeRequest/kubeGet take it. */
  eu: SimulatedCluster;
  /** The second cluster, for kubeRequest (same process, same CA). */
  us: Pick<SimulatedCluster, 'url' | 'ca'>;
  registryUrl: string;
  /** What the replicas' `compute` config takes. */
  computeConfig: object;
  stop(): Promise<void>;
}

/**
 * ONE Kubernetes API simulator process outside the replicas, as a real cluster would be: the demo's two clusters
 * and its artifact registry, with deploy/cluster/rbac.yaml's service account for compute (a token of its own,
 * limited to the verbs compute uses, as in app-config.yaml), so both replicas watch and write the same clusters.
 */
export async function startStackSimulator(): Promise<StackSimulator> {
  const [usPort, registryPort] = [await freePort(), await freePort()];
  const computeToken = randomBytes(16).toString('hex');
  const [eu, us] = CLUSTERS;
  const cluster = await startSimulatedCluster(eu.name, {
    seeds: seeds(eu.name),
    tickMs: 250,
    args: [
      '--cluster',
      `${us.name}=${usPort}`,
      ...seeds(us.name).flatMap(seed => ['--seed', `${us.name}=${seed}`]),
      '--registry',
      `${registryPort}=demo/compute/registry.yaml`,
      '--rbac',
      'deploy/cluster/rbac.yaml',
      '--rbac',
      'demo/compute/rbac.yaml',
      '--token',
      `${computeToken}=system:serviceaccount:atrium:atrium-compute`,
    ],
  });
  const second = { url: `https://127.0.0.1:${usPort}`, ca: cluster.ca };
  const registryUrl = `http://127.0.0.1:${registryPort}`;
  await waitFor(
    `the simulator's ${us.name} and registry`,
    async () => {
      const version = await kubeRequest(second, '/version');
      const registry = await fetch(`${registryUrl}/v2/`);
      return version.status === 200 && registry.ok ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  ).catch(async error => {
    await cluster.stop();
    throw error;
  });
  const urls: Record<string, string> = {
    [eu.name]: cluster.url,
    [us.name]: second.url,
  };
  return {
    eu: cluster,
    us: second,
    registryUrl,
    computeConfig: {
      clusters: CLUSTERS.map(c => ({
        name: c.name,
        region: c.region,
        url: urls[c.name],
        serviceAccountToken: computeToken,
        caFile: cluster.caFile,
      })),
      registries: [{ host: 'registry.larkspur.example', url: registryUrl }],
    },
    stop: () => cluster.stop(),
  };
}
