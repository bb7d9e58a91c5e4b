import type { ObjectMeta } from '@atrium/plugin-compute-common';

/** A Kubernetes object as the simulator stores it: plain JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: KubeMetadata;
  [key: string]: unknown;
}

/** An object's metadata: compute-common's ObjectMeta, with what the simulator also keeps. */
export interface KubeMetadata extends ObjectMeta {
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
  }>;
  [key: string]: unknown;
}

/** A kind of object the simulator serves, e.g. core `pods` or `compute.atrium.dev` `apps`. */
export interface ResourceType {
  /** `''` for the core group. */
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs: string[];
  /** Custom resources only. */
  subresources?: { status?: boolean; scale?: boolean };
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** The resource version the event happened at (the object's, for DELETED the deletion's). */
  resourceVersion: number;
  object: KubeObject;
  /** For MODIFIED: the object before. */
  previous?: KubeObject;
}

export const apiVersionOf = (type: ResourceType) =>
  type.group ? `${type.group}/${type.version}` : type.version;

/** `apps.compute.atrium.dev` or `pods`, as Kubernetes names a resource in messages. */
export const qualifiedResource = (type: ResourceType) =>
  type.group ? `${type.plural}.${type.group}` : type.plural;

export const resourceKey = (type: Pick<ResourceType, 'group' | 'plural'>) =>
  type.group ? `${type.plural}.${type.group}` : type.plural;

export const deepCopy = <T>(value: T): T => structuredClone(value);

/** A value whose properties, at any depth, the type system refuses to assign. */
export type DeepReadonly<T> = T extends (...args: any[]) => unknown
  ? T
  : T extends object
  ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
  : T;

/** An object as the store holds it, handed out without a copy: look, do not touch (see `ObjectStore.scan`). */
export type StoredObject = DeepReadonly<KubeObject>;

/** A deep copy of a stored object, to change and write back. */
export const copyStored = (object: StoredObject): KubeObject =>
  deepCopy(object) as KubeObject;
