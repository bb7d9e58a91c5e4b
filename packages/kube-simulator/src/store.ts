import { randomUUID } from 'node:crypto';
import { alreadyExists, conflict, notFound } from './status';
import {
  deepCopy,
  KubeObject,
  ResourceType,
  resourceKey,
  StoreEvent,
  StoredObject,
} from './types';

export type StoreListener = (event: StoreEvent) => void;

interface Bucket {
  type: ResourceType;
  objects: Map<string, KubeObject>;
  /** Recent events, oldest first, for watches that resume from a resourceVersion. */
  history: StoreEvent[];
  /** The newest resourceVersion whose event was dropped from history; older watches get 410 Expired. */
  compactedRevision: number;
  listeners: Set<StoreListener>;
}

const objectKey = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;

const byNamespaceAndName = (
  a: { metadata: { namespace?: string; name: string } },
  b: { metadata: { namespace?: string; name: string } },
) =>
  objectKey(a.metadata.namespace, a.metadata.name).localeCompare(
    objectKey(b.metadata.namespace, b.metadata.name),
  );

/**
 * The simulated etcd: objects per resource type, one global resourceVersion counter per cluster, and a bounded
 * history of changes per resource type for watches. Everything in and out is deep-copied, except what `scan` and
 * `peek` hand out: the stored objects themselves, for readers that only look.
 *
 * A stored object is never changed in place: every write stores a new object, so an object read with `scan` or
 * `peek` stays as it was read (a snapshot) until nothing refers to it.
 */
export class ObjectStore {
  private revision = 0;
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly historySize = 1000) {}

  register(type: ResourceType) {
    this.buckets.set(resourceKey(type), {
      type,
      objects: new Map(),
      history: [],
      compactedRevision: 0,
      listeners: new Set(),
    });
  }

  get resourceVersion(): number {
    return this.revision;
  }

  private bucket(type: Pick<ResourceType, 'group' | 'plural'>): Bucket {
    const bucket = this.buckets.get(resourceKey(type));
    if (!bucket)
      throw new Error(`resource ${resourceKey(type)} is not registered`);
    return bucket;
  }

  /** Objects of a type, in one namespace or all, sorted by namespace and name. */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const obj of this.bucket(type).objects.values()) {
      if (namespace === undefined || obj.metadata.namespace === namespace)
        out.push(deepCopy(obj));
    }
    return out.sort(byNamespaceAndName);
  }

  /**
   * Like `list`, without copying: the stored objects themselves, in the same order. Do not mutate them (the
   * types are read-only; a cast would corrupt the store, its watch history and every other reader's view): copy
   * one with `copyStored` before changing it, and write it back with `update`.
   */
  scan(type: ResourceType, namespace?: string): StoredObject[] {
    const out: StoredObject[] = [];
    for (const obj of this.bucket(type).objects.values()) {
      if (namespace === undefined || obj.metadata.namespace === namespace)
        out.push(obj);
    }
    return out.sort(byNamespaceAndName);
  }

  /** Like `get`, without copying: the stored object itself. Do not mutate it; copy before writing (see `scan`). */
  peek(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject | undefined {
    return this.bucket(type).objects.get(objectKey(namespace, name));
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const obj = this.bucket(type).objects.get(objectKey(namespace, name));
    return obj && deepCopy(obj);
  }

  mustGet(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const obj = this.get(type, namespace, name);
    if (!obj) throw notFound(type, name);
    return obj;
  }

  /** Stores a new object: sets uid, creationTimestamp, resourceVersion (and generation 1 if asked). */
  create(
    type: ResourceType,
    object: KubeObject,
    opts: { generation?: boolean } = {},
  ): KubeObject {
    const bucket = this.bucket(type);
    const key = objectKey(object.metadata.namespace, object.metadata.name);
    if (bucket.objects.has(key))
      throw alreadyExists(type, object.metadata.name);
    const stored = deepCopy(object);
    stored.metadata.uid = randomUUID();
    stored.metadata.creationTimestamp =
      stored.metadata.creationTimestamp ??
      new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    if (opts.generation) stored.metadata.generation = 1;
    stored.metadata.resourceVersion = String(++this.revision);
    bucket.objects.set(key, stored);
    this.emit(bucket, {
      type: 'ADDED',
      resourceVersion: this.revision,
      object: stored,
    });
    return deepCopy(stored);
  }

  /**
   * Replaces a stored object. With `expectedVersion`, a different stored resourceVersion is a 409 Conflict.
   * Returns the stored object; an update that changes nothing keeps the resourceVersion, as Kubernetes does.
   */
  update(
    type: ResourceType,
    object: KubeObject,
    expectedVersion?: string,
  ): KubeObject {
    const bucket = this.bucket(type);
    const key = objectKey(object.metadata.namespace, object.metadata.name);
    const current = bucket.objects.get(key);
    if (!current) throw notFound(type, object.metadata.name);
    if (
      expectedVersion &&
      expectedVersion !== current.metadata.resourceVersion
    ) {
      throw conflict(type, object.metadata.name);
    }
    const next = deepCopy(object);
    next.metadata.uid = current.metadata.uid;
    next.metadata.creationTimestamp = current.metadata.creationTimestamp;
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    if (JSON.stringify(next) === JSON.stringify(current))
      return deepCopy(current);
    next.metadata.resourceVersion = String(++this.revision);
    bucket.objects.set(key, next);
    this.emit(bucket, {
      type: 'MODIFIED',
      resourceVersion: this.revision,
      object: next,
      previous: current,
    });
    return deepCopy(next);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const bucket = this.bucket(type);
    const key = objectKey(namespace, name);
    const current = bucket.objects.get(key);
    if (!current) throw notFound(type, name);
    bucket.objects.delete(key);
    const deleted = deepCopy(current);
    deleted.metadata.resourceVersion = String(++this.revision);
    this.emit(bucket, {
      type: 'DELETED',
      resourceVersion: this.revision,
      object: deleted,
    });
    return deepCopy(deleted);
  }

  /**
   * Events of a type after `resourceVersion`, or `undefined` when history no longer reaches back that far
   * (the caller answers 410 Expired).
   */
  eventsSince(
    type: ResourceType,
    resourceVersion: number,
  ): StoreEvent[] | undefined {
    const bucket = this.bucket(type);
    if (resourceVersion < bucket.compactedRevision) return undefined;
    return bucket.history
      .filter(e => e.resourceVersion > resourceVersion)
      .map(deepCopy);
  }

  subscribe(type: ResourceType, listener: StoreListener): () => void {
    const bucket = this.bucket(type);
    bucket.listeners.add(listener);
    return () => bucket.listeners.delete(listener);
  }

  private emit(bucket: Bucket, event: StoreEvent) {
    bucket.history.push(event);
    while (bucket.history.length > this.historySize) {
      bucket.compactedRevision = bucket.history.shift()!.resourceVersion;
    }
    for (const listener of [...bucket.listeners]) {
      try {
        listener(deepCopy(event));
      } catch {
        // A broken watcher must not break writes.
      }
    }
  }
}
