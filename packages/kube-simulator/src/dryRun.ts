import { randomUUID } from 'node:crypto';
import { ClusterState } from './cluster';
import { ObjectStore } from './store';
import { alreadyExists, badRequest, conflict, notFound } from './status';
import { deepCopy, KubeObject, ResourceType } from './types';

/**
 * `dryRun=All` on writes (create, replace, patch, apply, delete): the same validation, defaulting and
 * conflicts as the write, and nothing kept (no change, no resourceVersion, no watch event). kubectl diff sends
 * its patches this way.
 */

/** The store of a `dryRun=All` request: it answers as a write would, and keeps nothing. */
function dryRunStore(store: ObjectStore): ObjectStore {
  return Object.create(store, {
    create: {
      value: (
        type: ResourceType,
        object: KubeObject,
        opts: { generation?: boolean } = {},
      ) => {
        if (store.peek(type, object.metadata.namespace, object.metadata.name))
          throw alreadyExists(type, object.metadata.name);
        const created = deepCopy(object);
        created.metadata.uid = randomUUID();
        created.metadata.creationTimestamp ??= new Date()
          .toISOString()
          .replace(/\.\d+Z$/, 'Z');
        if (opts.generation) created.metadata.generation = 1;
        return created;
      },
    },
    update: {
      value: (type: ResourceType, object: KubeObject, expected?: string) => {
        const current = store.peek(
          type,
          object.metadata.namespace,
          object.metadata.name,
        );
        if (!current) throw notFound(type, object.metadata.name);
        if (expected && expected !== current.metadata.resourceVersion)
          throw conflict(type, object.metadata.name);
        const next = deepCopy(object);
        next.metadata.uid = current.metadata.uid;
        next.metadata.creationTimestamp = current.metadata.creationTimestamp;
        next.metadata.resourceVersion = current.metadata.resourceVersion;
        return next;
      },
    },
    delete: {
      value: (
        type: ResourceType,
        namespace: string | undefined,
        name: string,
      ) => store.mustGet(type, namespace, name),
    },
  });
}

/**
 * The cluster a write goes to: itself, or with `dryRun=All` a view of it whose store keeps nothing (the same
 * validation, defaulting and conflicts; no change, no watch event). Other dryRun values are a 400.
 */
export function writerFor(
  cluster: ClusterState,
  query: URLSearchParams,
): ClusterState {
  const dryRun = query.getAll('dryRun');
  if (dryRun.length === 0) return cluster;
  if (dryRun.some(v => v !== 'All'))
    throw badRequest(
      `dryRun: Unsupported value: "${dryRun.join(
        ',',
      )}": supported values: "All"`,
    );
  return Object.create(cluster, {
    store: { value: dryRunStore(cluster.store) },
  });
}

/** DELETE with `dryRun=All`: the object a delete would answer with, nothing deleted; undefined without dryRun. */
export function dryRunDelete(
  cluster: ClusterState,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  url: URL,
): KubeObject | undefined {
  if (writerFor(cluster, url.searchParams) === cluster) return undefined;
  return cluster.store.mustGet(type, namespace, name);
}
