/**
 * What the simulated controllers (apps.ts, pods.ts, scalers.ts) share: the cluster they reconcile, its custom
 * resource types and the reconciler's tick clock, and the labels, revision record and pod predicates they agree on.
 */
import { ClusterState } from '../cluster';
import { ResourceType, StoredObject } from '../types';

/** The cluster a controller reconciles and the reconciler's clock (reconcile passes so far). */
export interface ControllerContext {
  readonly cluster: ClusterState;
  readonly appType: ResourceType;
  readonly scalerType: ResourceType;
  ticks(): number;
}

export const LABEL = {
  component: 'compute.atrium.dev/component',
  team: 'compute.atrium.dev/team',
  app: 'compute.atrium.dev/app',
  revision: 'compute.atrium.dev/revision',
};

/** An entry of an App's `status.revisions`. */
export interface Revision {
  revision: number;
  image: string;
  version: string;
  createdAt: string;
  changeCause?: string;
}

export const podReady = (pod: StoredObject) =>
  ((pod.status as any)?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );
export const ownedBy = (pod: StoredObject, owner: StoredObject) =>
  (pod.metadata.ownerReferences ?? []).some(r => r.uid === owner.metadata.uid);
