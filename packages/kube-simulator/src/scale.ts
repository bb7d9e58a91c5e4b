/**
 * The scale subresource of a custom resource that declares one (Apps): read and written as an autoscaling/v1
 * `Scale` through the CRD's `specReplicasPath` and `statusReplicasPath`.
 */
import type { ClusterState } from './cluster';
import { notFound, StatusError } from './status';
import { ResourceType } from './types';

/** The CRD's scale subresource (its replica paths); 404 for a resource without one. */
function scaleOf(cluster: ClusterState, type: ResourceType, name: string) {
  const scale = cluster.customResource(type)?.scale;
  if (!scale) throw notFound(type, name);
  return scale;
}

/** GET …/scale of a resource with the scale subresource, as an autoscaling/v1 Scale. */
export function getScale(
  cluster: ClusterState,
  type: ResourceType,
  namespace: string,
  name: string,
) {
  const scale = scaleOf(cluster, type, name);
  const obj = cluster.store.mustGet(type, namespace, name);
  const read = (p: string) =>
    p
      .slice(1)
      .split('.')
      .reduce<any>((o, k) => o?.[k], obj);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name,
      namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: read(scale.specReplicasPath) ?? 0 },
    status: { replicas: read(scale.statusReplicasPath) ?? 0 },
  };
}

/** PUT …/scale: writes `spec.replicas` (the specReplicasPath). */
export function replaceScale(
  cluster: ClusterState,
  type: ResourceType,
  namespace: string,
  name: string,
  body: any,
) {
  const scale = scaleOf(cluster, type, name);
  const replicas = body?.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new StatusError(
      422,
      'Invalid',
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(
        replicas,
      )}: must be greater than or equal to 0`,
      {
        name,
        group: 'autoscaling',
        kind: 'Scale',
        causes: [
          {
            reason: 'FieldValueInvalid',
            field: 'spec.replicas',
            message: `Invalid value: ${JSON.stringify(
              replicas,
            )}: must be greater than or equal to 0`,
          },
        ],
      },
    );
  }
  const current = cluster.store.mustGet(type, namespace, name);
  const keys = scale.specReplicasPath.slice(1).split('.');
  let node: any = current;
  for (const k of keys.slice(0, -1)) node = node[k] ??= {};
  node[keys[keys.length - 1]] = replicas;
  current.metadata.resourceVersion =
    body?.metadata?.resourceVersion || current.metadata.resourceVersion;
  cluster.replace(type, namespace, name, current);
  return getScale(cluster, type, namespace, name);
}
