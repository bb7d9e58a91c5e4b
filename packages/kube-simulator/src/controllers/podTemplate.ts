/**
 * The pod an App revision runs (what a Deployment's pod template gives a ReplicaSet): labels, the owner reference
 * to the App, the main container and the sidecars with their requests, and a Pending status, scheduled.
 */
import { isoNow } from '../clock';
import { KubeObject, StoredObject } from '../types';
import { LABEL, Revision } from './context';

export interface PodPlacement {
  name: string;
  /** The revision's hash, as `pod-template-hash`. */
  hash: string;
  node?: StoredObject;
  hostIP: string;
}

/** A new, Pending pod of `app` at `revision`, on the node it was placed on. */
export function podFor(
  app: StoredObject,
  revision: Revision,
  { name, hash, node, hostIP }: PodPlacement,
): KubeObject {
  const spec = app.spec as any;
  const image = `${revision.image}:${revision.version}`;
  const labels = app.metadata.labels ?? {};
  const containers = [
    {
      name: app.metadata.name,
      image,
      resources: { requests: { ...spec.resources } },
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    },
    ...((spec.sidecars ?? []) as any[]).map(s => ({
      name: s.name,
      image: s.image,
      resources: { requests: { ...s.resources } },
    })),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: app.metadata.namespace!,
      labels: {
        [LABEL.app]: app.metadata.name,
        ...(labels[LABEL.component]
          ? { [LABEL.component]: labels[LABEL.component] }
          : {}),
        ...(labels[LABEL.team] ? { [LABEL.team]: labels[LABEL.team] } : {}),
        [LABEL.revision]: String(revision.revision),
        'pod-template-hash': hash,
      },
      ownerReferences: [
        {
          apiVersion: app.apiVersion!,
          kind: 'App',
          name: app.metadata.name,
          uid: app.metadata.uid!,
          controller: true,
        },
      ],
    },
    spec: {
      nodeName: node?.metadata.name,
      priorityClassName: `atrium-${spec.tier}`,
      containers,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
    },
    status: {
      phase: 'Pending',
      hostIP,
      qosClass: 'Burstable',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'True',
          lastTransitionTime: isoNow(),
        },
      ],
      containerStatuses: containers.map(c => ({
        name: c.name,
        image: c.image,
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: 'ContainerCreating' } },
      })),
    },
  };
}
