/**
 * The state of one simulated cluster and the API server's operations on it (create, replace, patch, delete, with
 * custom resources pruned and validated against their CRDs), shared by the reconciler and the HTTP layer. Events
 * (events.ts), bad images (badImages.ts), the scale subresource (scale.ts) and seeds (seed.ts) have files of their
 * own; the class keeps their methods for its callers.
 */
import { formatResource } from '@atrium/plugin-compute-common';
import { BadImage, BadImages } from './badImages';
import { CORE, CORE_TYPES } from './coreTypes';
import { CustomResource, prune, validateCustomResource } from './crds';
import { EventRecorder } from './events';
import { LogBook } from './logs';
import { applyPatch } from './patch';
import { quotaUsage } from './quota';
import * as scaleSubresource from './scale';
import * as seeds from './seed';
import { ObjectStore } from './store';
import { badRequest, invalid, notFound, StatusError } from './status';
import { deepCopy, KubeObject, ResourceType, StoredObject } from './types';

/** The state of one simulated cluster and the API operations on it; the reconciler and HTTP layer share it. */
export class ClusterState {
  readonly store: ObjectStore;
  readonly logs = new LogBook();
  readonly customResources = new Map<string, CustomResource>();
  private readonly badImages = new BadImages();
  private readonly events: EventRecorder;

  constructor(
    readonly name: string,
    crds: CustomResource[],
    maxEventsPerNamespace = 500,
    watchHistorySize = 1000,
  ) {
    this.store = new ObjectStore(watchHistorySize);
    this.events = new EventRecorder(this.store, name, maxEventsPerNamespace);
    for (const type of CORE_TYPES) this.store.register(type);
    for (const cr of crds) {
      this.store.register(cr.type);
      this.customResources.set(`${cr.type.group}/${cr.type.plural}`, cr);
    }
    for (const ns of ['default', 'kube-system'])
      this.createNamespace({ metadata: { name: ns } });
  }

  /** Resource types the cluster serves: core first, then custom. */
  get types(): ResourceType[] {
    return [
      ...CORE_TYPES,
      ...[...this.customResources.values()].map(c => c.type),
    ];
  }

  findType(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    if (!group)
      return version === 'v1'
        ? CORE_TYPES.find(t => t.plural === plural)
        : undefined;
    const cr = this.customResources.get(`${group}/${plural}`);
    return cr && cr.type.version === version ? cr.type : undefined;
  }

  customResource(type: ResourceType): CustomResource | undefined {
    return type.group
      ? this.customResources.get(`${type.group}/${type.plural}`)
      : undefined;
  }

  customType(plural: string): ResourceType {
    const cr = [...this.customResources.values()].find(
      c => c.type.plural === plural,
    );
    if (!cr)
      throw new Error(`no CustomResourceDefinition for ${plural} was loaded`);
    return cr.type;
  }

  // --- bad images -----------------------------------------------------------------------------------

  markBadImage(bad: BadImage, isBad = true) {
    this.badImages.mark(bad, isBad);
  }

  isBadImage(imageWithTag: string) {
    return this.badImages.has(imageWithTag);
  }

  listBadImages(): BadImage[] {
    return this.badImages.list();
  }

  // --- events ----------------------------------------------------------------------------------------

  /** Records a core/v1 Event; a repeat of the same reason and message on the same object bumps its count. */
  recordEvent(
    involved: StoredObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    host?: string,
  ) {
    this.events.record(involved, type, reason, message, host);
  }

  // --- quotas ----------------------------------------------------------------------------------------

  /** Recomputes `status` of the namespace's ResourceQuotas from its pods. */
  refreshQuotas(namespace: string) {
    const pods = this.store.scan(CORE.pods, namespace);
    for (const quota of this.store.list(CORE.resourcequotas, namespace)) {
      const hard = ((quota.spec as any)?.hard ?? {}) as Record<string, string>;
      const used = quotaUsage(quota, pods);
      quota.status = {
        hard: { ...hard },
        used: Object.fromEntries(
          Object.entries(used).map(([k, v]) => [k, formatResource(k, v)]),
        ),
      };
      this.store.update(CORE.resourcequotas, quota);
    }
  }

  // --- API operations ----------------------------------------------------------------------------------

  private requireNamespace(type: ResourceType, namespace: string | undefined) {
    if (!type.namespaced) return;
    if (!namespace || !this.store.get(CORE.namespaces, undefined, namespace)) {
      throw notFound(CORE.namespaces, namespace ?? '');
    }
  }

  private createNamespace(body: KubeObject): KubeObject {
    return this.store.create(CORE.namespaces, {
      ...body,
      apiVersion: 'v1',
      kind: 'Namespace',
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  /** POST: creates an object, validating custom resources against their schema. */
  create(
    type: ResourceType,
    namespace: string | undefined,
    body: KubeObject,
  ): KubeObject {
    if (!body || typeof body !== 'object' || !body.metadata?.name) {
      throw invalid(type, '', [
        {
          reason: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
        },
      ]);
    }
    if (type.namespaced) {
      if (
        body.metadata.namespace &&
        namespace &&
        body.metadata.namespace !== namespace
      ) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      body.metadata.namespace = namespace;
    } else {
      delete body.metadata.namespace;
    }
    this.requireNamespace(type, namespace);
    const meta = {
      name: body.metadata.name,
      ...(type.namespaced ? { namespace } : {}),
      ...(body.metadata.labels ? { labels: body.metadata.labels } : {}),
      ...(body.metadata.annotations
        ? { annotations: body.metadata.annotations }
        : {}),
      ...(body.metadata.ownerReferences
        ? { ownerReferences: body.metadata.ownerReferences }
        : {}),
      // Server-side apply (apply.ts) records its field managers.
      ...(body.metadata.managedFields
        ? { managedFields: body.metadata.managedFields }
        : {}),
    };
    if (type === CORE.namespaces)
      return this.createNamespace({ metadata: meta });
    const cr = this.customResource(type);
    if (!cr) {
      const created = this.store.create(type, {
        ...body,
        apiVersion: 'v1',
        kind: type.kind,
        metadata: meta,
      });
      if (type === CORE.resourcequotas) this.refreshQuotas(namespace!);
      return this.store.mustGet(type, namespace, created.metadata.name);
    }
    const object = prune(
      { ...body, metadata: meta },
      cr.schema,
      true,
    ) as KubeObject;
    object.apiVersion = `${type.group}/${type.version}`;
    object.kind = type.kind;
    if (type.subresources?.status) delete object.status;
    validateCustomResource(cr, object);
    return this.store.create(type, object, { generation: true });
  }

  /** PUT: replaces an object (or only its status with `subresource: 'status'`). */
  replace(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    subresource?: 'status',
  ): KubeObject {
    const cr = this.customResource(type);
    if (!cr)
      throw new StatusError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
        {},
      );
    if (!body || typeof body !== 'object' || !body.metadata)
      throw badRequest('the body of the request has no metadata');
    if (body.metadata.name && body.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const current = this.store.mustGet(type, namespace, name);
    const expected = body.metadata.resourceVersion;
    let next: KubeObject;
    if (subresource === 'status') {
      next = { ...deepCopy(current), status: body.status };
    } else {
      next = {
        ...deepCopy(body),
        apiVersion: current.apiVersion,
        kind: current.kind,
        metadata: {
          ...current.metadata,
          labels: body.metadata.labels,
          annotations: body.metadata.annotations,
          ownerReferences: body.metadata.ownerReferences,
        },
      };
      for (const key of ['labels', 'annotations', 'ownerReferences'] as const) {
        if (next.metadata[key] === undefined) delete next.metadata[key];
      }
      // managedFields in the body replace the stored ones (server-side apply sends them, apply.ts); without, they stay.
      if (body.metadata.managedFields)
        next.metadata.managedFields = body.metadata.managedFields;
      if (type.subresources?.status) next.status = current.status;
      if (next.status === undefined) delete next.status;
    }
    next = prune(next, cr.schema, true) as KubeObject;
    validateCustomResource(cr, next);
    if (JSON.stringify(next.spec) !== JSON.stringify(current.spec)) {
      next.metadata.generation = (current.metadata.generation ?? 1) + 1;
    }
    return this.store.update(type, next, expected);
  }

  /** PATCH: merge, JSON or (as merge) strategic-merge patch of an object or its status. */
  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    subresource?: 'status',
  ): KubeObject {
    const current = this.store.mustGet(type, namespace, name);
    const patched = applyPatch(contentType, current, patch) as KubeObject;
    if (!patched || typeof patched !== 'object' || !patched.metadata)
      throw badRequest('the patch removed metadata');
    // A resourceVersion the patch sets is a precondition; one it leaves alone is the current one.
    return this.replace(type, namespace, name, patched, subresource);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const deleted = this.store.delete(type, namespace, name);
    if (type === CORE.pods) {
      this.logs.forget(name);
      this.refreshQuotas(namespace!);
    }
    return deleted;
  }

  /** GET …/scale of a resource with the scale subresource, as an autoscaling/v1 Scale. */
  getScale(type: ResourceType, namespace: string, name: string) {
    return scaleSubresource.getScale(this, type, namespace, name);
  }

  /** PUT …/scale: writes `spec.replicas` (the specReplicasPath). */
  replaceScale(type: ResourceType, namespace: string, name: string, body: any) {
    return scaleSubresource.replaceScale(this, type, namespace, name, body);
  }

  // --- seeding ---------------------------------------------------------------------------------------

  /**
   * Loads a seed: multi-document YAML of Namespaces, Nodes, ResourceQuotas, custom resources, and the
   * simulator-only `SimulatorSettings` (`spec.badImages: [{ image, version }]`).
   */
  loadSeed(file: string) {
    seeds.loadSeed(this, file);
  }

  seedObject(obj: KubeObject, source = 'seed') {
    seeds.seedObject(this, obj, source);
  }

  /** Adds three nodes when a seed defined none, so pods have somewhere to go. */
  ensureNodes() {
    seeds.ensureNodes(this);
  }
}
