/**
 * The simulator's scheduler: which node a new pod goes to. No resources, taints or affinity: the node with the
 * fewest of the App's pods, then the fewest pods, then by name, so an App spreads over the nodes.
 */
import { StoredObject } from '../types';

export interface Placement {
  /** Undefined when the cluster has no nodes. */
  node?: StoredObject;
  /** The node's place in `nodes` (0 without a node): it picks the pod's IP range. */
  nodeIndex: number;
  /** The node's InternalIP. */
  hostIP: string;
}

const podsOn = (pods: StoredObject[], node: StoredObject) =>
  pods.filter(p => (p.spec as any).nodeName === node.metadata.name).length;

/** Places a pod of an App, given the cluster's nodes, all its pods and the App's pods. */
export function placePod(
  nodes: StoredObject[],
  allPods: StoredObject[],
  appPods: StoredObject[],
): Placement {
  const node = [...nodes].sort(
    (a, b) =>
      podsOn(appPods, a) - podsOn(appPods, b) ||
      podsOn(allPods, a) - podsOn(allPods, b) ||
      a.metadata.name.localeCompare(b.metadata.name),
  )[0];
  const nodeIndex = Math.max(
    0,
    nodes.findIndex(n => n.metadata.name === node?.metadata.name),
  );
  const hostIP =
    ((node?.status as any)?.addresses ?? []).find(
      (a: any) => a.type === 'InternalIP',
    )?.address ?? '10.0.0.1';
  return { node, nodeIndex, hostIP };
}
