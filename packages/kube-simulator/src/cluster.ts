import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { CORE, CORE_TYPES } from './coreTypes';
import { CustomResource, prune, validateCustomResource } from './crds';
import { LogBook } from './logs';
import { applyPatch } from './patch';
import { formatResource } from '@atrium/plugin-compute-common';
import { quotaUsage } from './quota';
import { ObjectStore } from './store';
import { badRequest, invalid, notFound, StatusError } from './status';
import { deepCopy, KubeObject, ResourceType, StoredObject } from './types';

/** An image version the simulator treats as broken: its containers crash on start. */
export interface BadImage {
  image: string;
  version: string;
}

const imageKey = (b: BadImage) => `${b.image}:${b.version}`;
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** The state of one simulated cluster and the API operations on it; the reconciler and HTTP layer share it. */
export class ClusterState {
  readonly store: ObjectStore;
  readonly logs = new LogBook();
  readonly customResources = new Map<string, CustomResource>();
  private readonly badImages = new Set<string>();
  private readonly eventOrder = new Map<string, string[]>();
  private eventCounter = 0;

  constructor(
    readonly name: string,
    crds: CustomResource[],
    private readonly maxEventsPerNamespace = 500,
    watchHistorySize = 1000,
  ) {
    this.store = new ObjectStore(watchHistorySize);
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
    if (isBad) this.badImages.add(imageKey(bad));
    else this.badImages.delete(imageKey(bad));
  }

  isBadImage(imageWithTag: string) {
    return this.badImages.has(imageWithTag);
  }

  listBadImages(): BadImage[] {
    return [...this.badImages].map(k => {
      const i = k.lastIndexOf(':');
      return { image: k.slice(0, i), version: k.slice(i + 1) };
    });
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
    const namespace = involved.metadata.namespace ?? 'default';
    const digest = createHash('sha1')
      .update(`${involved.metadata.uid}/${reason}/${message}`)
      .digest('hex')
      .slice(0, 16);
    const name = `${involved.metadata.name}.${digest}`;
    const existing = this.store.get(CORE.events, namespace, name);
    const timestamp = now();
    if (existing) {
      existing.count = ((existing.count as number) ?? 1) + 1;
      existing.lastTimestamp = timestamp;
      this.store.update(CORE.events, existing);
      return;
    }
    this.store.create(CORE.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: involved.apiVersion,
        kind: involved.kind,
        name: involved.metadata.name,
        namespace: involved.metadata.namespace,
        uid: involved.metadata.uid,
        resourceVersion: involved.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      source: { component: 'kube-simulator', ...(host ? { host } : {}) },
      reportingComponent: 'kube-simulator',
      reportingInstance: `kube-simulator-${this.name}`,
    });
    this.eventCounter++;
    const order = this.eventOrder.get(namespace) ?? [];
    order.push(name);
    this.eventOrder.set(namespace, order);
    while (order.length > this.maxEventsPerNamespace) {
      const oldest = order.shift()!;
      if (this.store.peek(CORE.events, namespace, oldest))
        this.store.delete(CORE.events, namespace, oldest);
    }
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
    const cr = this.customResource(type);
    if (!cr?.scale) throw notFound(type, name);
    const obj = this.store.mustGet(type, namespace, name);
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
      spec: { replicas: read(cr.scale.specReplicasPath) ?? 0 },
      status: { replicas: read(cr.scale.statusReplicasPath) ?? 0 },
    };
  }

  /** PUT …/scale: writes `spec.replicas` (the specReplicasPath). */
  replaceScale(type: ResourceType, namespace: string, name: string, body: any) {
    const cr = this.customResource(type);
    if (!cr?.scale) throw notFound(type, name);
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
    const current = this.store.mustGet(type, namespace, name);
    const keys = cr.scale.specReplicasPath.slice(1).split('.');
    let node: any = current;
    for (const k of keys.slice(0, -1)) node = node[k] ??= {};
    node[keys[keys.length - 1]] = replicas;
    current.metadata.resourceVersion =
      body?.metadata?.resourceVersion || current.metadata.resourceVersion;
    this.replace(type, namespace, name, current);
    return this.getScale(type, namespace, name);
  }

  // --- seeding ---------------------------------------------------------------------------------------

  /**
   * Loads a seed: multi-document YAML of Namespaces, Nodes, ResourceQuotas, custom resources, and the
   * simulator-only `SimulatorSettings` (`spec.badImages: [{ image, version }]`).
   */
  loadSeed(file: string) {
    const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
    for (const doc of docs) {
      if (doc.errors.length > 0)
        throw new Error(`${file}: ${doc.errors[0].message}`);
      const obj = doc.toJS() as KubeObject | null;
      if (!obj || !obj.kind) continue;
      this.seedObject(obj, file);
    }
  }

  seedObject(obj: KubeObject, source = 'seed') {
    if (obj.kind === 'SimulatorSettings') {
      for (const bad of ((obj.spec as any)?.badImages ?? []) as BadImage[])
        this.markBadImage(bad);
      return;
    }
    const [group, version] = (obj.apiVersion ?? 'v1').includes('/')
      ? obj.apiVersion!.split('/')
      : ['', obj.apiVersion ?? 'v1'];
    const type = this.types.find(
      t => t.kind === obj.kind && t.group === group && t.version === version,
    );
    if (!type)
      throw new Error(
        `${source}: the simulator cannot seed ${obj.apiVersion} ${obj.kind}`,
      );
    if (type === CORE.nodes) {
      this.store.create(
        CORE.nodes,
        withNodeDefaults(obj, this.store.list(CORE.nodes).length),
      );
      return;
    }
    if (
      type === CORE.namespaces &&
      this.store.get(type, undefined, obj.metadata.name)
    )
      return;
    try {
      this.create(type, obj.metadata.namespace, deepCopy(obj));
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
      const stored = this.store.mustGet(
        type,
        obj.metadata.namespace,
        obj.metadata.name,
      );
      this.store.update(type, { ...stored, status: obj.status });
    }
  }

  /** Adds three nodes when a seed defined none, so pods have somewhere to go. */
  ensureNodes() {
    if (this.store.list(CORE.nodes).length > 0) return;
    for (let i = 1; i <= 3; i++) {
      this.store.create(
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
          lastHeartbeatTime: now(),
          lastTransitionTime: now(),
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
