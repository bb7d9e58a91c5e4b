/**
 * Seeding a simulated cluster: multi-document YAML of Namespaces, Nodes (missing status filled in), ResourceQuotas,
 * custom resources (validated as API writes; a seeded status is kept) and the simulator-only `SimulatorSettings`;
 * and three nodes where the seeds define none.
 */
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { BadImage } from './badImages';
import type { ClusterState } from './cluster';
import { isoNow } from './clock';
import { CORE } from './coreTypes';
import { StatusError } from './status';
import { deepCopy, KubeObject } from './types';

/**
 * Loads a seed: multi-document YAML of Namespaces, Nodes, ResourceQuotas, custom resources, and the
 * simulator-only `SimulatorSettings` (`spec.badImages: [{ image, version }]`).
 */
export function loadSeed(cluster: ClusterState, file: string) {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  for (const doc of docs) {
    if (doc.errors.length > 0)
      throw new Error(`${file}: ${doc.errors[0].message}`);
    const obj = doc.toJS() as KubeObject | null;
    if (!obj || !obj.kind) continue;
    seedObject(cluster, obj, file);
  }
}

export function seedObject(
  cluster: ClusterState,
  obj: KubeObject,
  source = 'seed',
) {
  if (obj.kind === 'SimulatorSettings') {
    for (const bad of ((obj.spec as any)?.badImages ?? []) as BadImage[])
      cluster.markBadImage(bad);
    return;
  }
  const [group, version] = (obj.apiVersion ?? 'v1').includes('/')
    ? obj.apiVersion!.split('/')
    : ['', obj.apiVersion ?? 'v1'];
  const type = cluster.types.find(
    t => t.kind === obj.kind && t.group === group && t.version === version,
  );
  if (!type)
    throw new Error(
      `${source}: the simulator cannot seed ${obj.apiVersion} ${obj.kind}`,
    );
  if (type === CORE.nodes) {
    cluster.store.create(
      CORE.nodes,
      withNodeDefaults(obj, cluster.store.list(CORE.nodes).length),
    );
    return;
  }
  if (
    type === CORE.namespaces &&
    cluster.store.get(type, undefined, obj.metadata.name)
  )
    return;
  try {
    cluster.create(type, obj.metadata.namespace, deepCopy(obj));
  } catch (e) {
    if (e instanceof StatusError)
      throw new Error(
        `${source}: ${obj.kind} ${obj.metadata.namespace ?? ''}/${
          obj.metadata.name
        }: ${e.message}`,
      );
    throw e;
  }
  if (type.subresources?.status && obj.status) {
    // Seeds may carry status (e.g. revision history); keep it.
    const stored = cluster.store.mustGet(
      type,
      obj.metadata.namespace,
      obj.metadata.name,
    );
    cluster.store.update(type, { ...stored, status: obj.status });
  }
}

/** Adds three nodes when a seed defined none, so pods have somewhere to go. */
export function ensureNodes(cluster: ClusterState) {
  if (cluster.store.list(CORE.nodes).length > 0) return;
  for (let i = 1; i <= 3; i++) {
    cluster.store.create(
      CORE.nodes,
      withNodeDefaults(
        {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: `sim-node-${i}` },
        },
        i - 1,
      ),
    );
  }
}

function withNodeDefaults(node: KubeObject, index: number): KubeObject {
  const status = (node.status ?? {}) as any;
  const ip = `10.0.${Math.floor(index / 250)}.${(index % 250) + 4}`;
  return {
    ...node,
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      ...node.metadata,
      labels: {
        'kubernetes.io/hostname': node.metadata.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        ...node.metadata.labels,
      },
    },
    spec: { podCIDR: `10.${100 + index}.0.0/24`, ...(node.spec as object) },
    status: {
      capacity: { cpu: '16', memory: '64Gi', pods: '110' },
      allocatable: { cpu: '15500m', memory: '62Gi', pods: '110' },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status (simulated)',
          lastHeartbeatTime: isoNow(),
          lastTransitionTime: isoNow(),
        },
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: node.metadata.name },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.31.0-sim',
        containerRuntimeVersion: 'simulated://1.0',
        osImage: 'Atrium Kubernetes API simulator',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      ...status,
    },
  };
}
