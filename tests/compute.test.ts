/**
 * Compute, end to end through the real client: Atrium's backend talks to two Kubernetes API simulators (not
 * clusters; packages/kube-simulator, each in its own process, seeded with the demo's workloads) through
 * @kubernetes/client-node, and to Debian's real docker-registry for image tags; a third cluster is unreachable.
 * Users sign in through the embedded OpenID provider. The stack and its fixture: tests/lib/computeSuite.ts.
 *
 * One stack serves three parts, in this order: what users read (tests/compute/reads.ts), the owner actions
 * (tests/compute/actions.ts), and whose App is whose (tests/compute/ownership.ts, last: it takes a cluster
 * down). They were three suites with a stack each; one stack saves two backend and four simulator starts of CI.
 */
import { describe } from 'node:test';
import { computeActions } from './compute/actions.ts';
import { computeOwnership } from './compute/ownership.ts';
import { computeReads } from './compute/reads.ts';
import { useComputeSuite } from './lib/computeSuite.ts';

describe('compute: workloads across clusters, and owner actions', () => {
  const suite = useComputeSuite('compute');
  computeReads(suite);
  computeActions(suite);
  computeOwnership(suite);
});
