import path from 'node:path';

/**
 * The kube-simulator's test seed (a team-payments namespace with its tier quotas, payments-gateway and
 * ledger-service), for tests that run the simulator in their own process.
 */
export const TEST_CLUSTER_SEED = path.join(
  path.dirname(require.resolve('@atrium/kube-simulator/package.json')),
  'src/__fixtures__/test-cluster.yaml',
);
