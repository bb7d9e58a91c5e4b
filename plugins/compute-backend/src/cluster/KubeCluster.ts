import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  makeInformer,
  Observable,
  type Informer,
  type KubernetesListObject,
  type KubernetesObject,
  type ObjectCache,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
  type CoreV1Event,
  type V1Namespace,
  type V1Node,
  type V1Pod,
  type V1ResourceQuota,
} from '@kubernetes/client-node';
import {
  COMPUTE_GROUP,
  COMPUTE_VERSION,
  LABELS,
  type App,
  type ClusterError,
  type ClusterInfo,
  type Scaler,
} from '@atrium/plugin-compute-common';
import type { ClusterConfig } from '../config';
import { ClusterUnavailableError, translateKubeError } from './errors';

export { ClusterUnavailableError } from './errors';

type Plural = 'apps' | 'scalers';
type ResourceOf<P extends Plural> = P extends 'apps' ? App : Scaler;

/**
 * What compute keeps in memory from a cluster (see ClusterCache): Apps, Scalers, the team namespaces and the
 * nodes cluster-wide, and pods and events per team namespace.
 */
export type Watched =
  | { kind: 'apps' | 'scalers' | 'namespaces' | 'nodes' }
  | { kind: 'pods' | 'events'; namespace: string };

/**
 * A list + watch of one resource kept in memory: `@kubernetes/client-node`'s informer. Its objects are typed
 * as compute reads them (compute-common's App and Scaler type their timestamps as the JSON strings they are).
 */
export type KubeInformer<T> = Informer<KubernetesObject> & ObjectCache<T>;

/** An informer's initial list and relists may take longer than one read's request, up to this. */
const MIN_LIST_TIMEOUT_MS = 10_000;

/**
 * One Kubernetes cluster, through `@kubernetes/client-node`. Every request is bounded by the timeout. Errors
 * become Backstage errors: the API server's 404, 409 and 422 keep their meaning; an unreachable, slow or
 * refusing cluster becomes a ClusterUnavailableError.
 */
export class KubeCluster {
  readonly info: ClusterInfo;
  private readonly kc: KubeConfig;
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;
  private nodeZones?: { at: number; zones: Map<string, string> };

  constructor(config: ClusterConfig, private readonly timeoutMs: number) {
    this.info = { name: config.name, region: config.region, zone: config.zone };
    const kc = new KubeConfig();
    this.kc = kc;
    kc.loadFromOptions({
      clusters: [
        {
          name: config.name,
          server: config.url,
          caData: config.caData,
          caFile: config.caFile,
          skipTLSVerify: config.skipTLSVerify,
        },
      ],
      users: [
        config.auth.type === 'serviceAccountToken'
          ? { name: 'atrium', token: config.auth.token }
          : {
              name: 'atrium',
              certData: config.auth.certData,
              keyData: config.auth.keyData,
            },
      ],
      contexts: [{ name: config.name, cluster: config.name, user: 'atrium' }],
      currentContext: config.name,
    });
    this.core = kc.makeApiClient(CoreV1Api);
    this.custom = kc.makeApiClient(CustomObjectsApi);
  }

  get name() {
    return this.info.name;
  }

  async getNamespace(name: string): Promise<V1Namespace> {
    return this.call(o => this.core.readNamespace({ name }, o));
  }

  async listNamespaces(labelSelector: string): Promise<V1Namespace[]> {
    const list = await this.call(o =>
      this.core.listNamespace({ labelSelector }, o),
    );
    return list.items;
  }

  /** Apps or Scalers in one namespace, or in all when namespace is undefined. */
  async list<P extends Plural>(
    plural: P,
    options: { namespace?: string; labelSelector?: string } = {},
  ): Promise<ResourceOf<P>[]> {
    const base = { group: COMPUTE_GROUP, version: COMPUTE_VERSION, plural };
    const list = await this.call(o =>
      options.namespace
        ? this.custom.listNamespacedCustomObject(
            {
              ...base,
              namespace: options.namespace,
              labelSelector: options.labelSelector,
            },
            o,
          )
        : this.custom.listClusterCustomObject(
            { ...base, labelSelector: options.labelSelector },
            o,
          ),
    );
    return (list as { items: ResourceOf<P>[] }).items;
  }

  async get<P extends Plural>(
    plural: P,
    namespace: string,
    name: string,
  ): Promise<ResourceOf<P>> {
    return (await this.call(o =>
      this.custom.getNamespacedCustomObject(
        {
          group: COMPUTE_GROUP,
          version: COMPUTE_VERSION,
          plural,
          namespace,
          name,
        },
        o,
      ),
    )) as ResourceOf<P>;
  }

  /** PUT with the object's resourceVersion: a change made meanwhile gives ConflictError, not a lost update. */
  async replace<P extends Plural>(
    plural: P,
    object: ResourceOf<P>,
  ): Promise<ResourceOf<P>> {
    const { namespace, name } = object.metadata;
    return (await this.call(o =>
      this.custom.replaceNamespacedCustomObject(
        {
          group: COMPUTE_GROUP,
          version: COMPUTE_VERSION,
          plural,
          namespace: namespace!,
          name,
          body: object,
        },
        o,
      ),
    )) as ResourceOf<P>;
  }

  /** POST: a new App or Scaler; ConflictError when one of that name exists. */
  async create<P extends Plural>(
    plural: P,
    object: ResourceOf<P>,
  ): Promise<ResourceOf<P>> {
    return (await this.call(o =>
      this.custom.createNamespacedCustomObject(
        {
          ...this.gv(plural),
          namespace: object.metadata.namespace!,
          body: object,
        },
        o,
      ),
    )) as ResourceOf<P>;
  }

  /** DELETE; NotFoundError when there is none. */
  async delete(plural: Plural, namespace: string, name: string) {
    await this.call(o =>
      this.custom.deleteNamespacedCustomObject(
        { ...this.gv(plural), namespace, name },
        o,
      ),
    );
  }

  private gv(plural: Plural) {
    return { group: COMPUTE_GROUP, version: COMPUTE_VERSION, plural };
  }

  async listPods(namespace: string, labelSelector: string): Promise<V1Pod[]> {
    const list = await this.call(o =>
      this.core.listNamespacedPod({ namespace, labelSelector }, o),
    );
    return list.items;
  }

  async getPod(namespace: string, name: string): Promise<V1Pod> {
    return this.call(o => this.core.readNamespacedPod({ namespace, name }, o));
  }

  async listEvents(namespace: string): Promise<CoreV1Event[]> {
    const list = await this.call(o =>
      this.core.listNamespacedEvent({ namespace }, o),
    );
    return list.items;
  }

  async readLog(
    namespace: string,
    name: string,
    container: string,
    tailLines: number,
    limitBytes: number,
  ): Promise<string> {
    return this.call(o =>
      this.core.readNamespacedPodLog(
        { namespace, name, container, tailLines, limitBytes },
        o,
      ),
    );
  }

  async listResourceQuotas(namespace: string): Promise<V1ResourceQuota[]> {
    const list = await this.call(o =>
      this.core.listNamespacedResourceQuota({ namespace }, o),
    );
    return list.items;
  }

  /** Node name → zone, from the nodes' topology labels; read at most once a minute. */
  async zonesByNode(): Promise<Map<string, string>> {
    if (this.nodeZones && Date.now() - this.nodeZones.at < 60_000) {
      return this.nodeZones.zones;
    }
    const list = await this.call(o => this.core.listNode({}, o));
    const zones = new Map<string, string>();
    for (const node of list.items as V1Node[]) {
      const zone = node.metadata?.labels?.[LABELS.zone];
      if (node.metadata?.name && zone) zones.set(node.metadata.name, zone);
    }
    this.nodeZones = { at: Date.now(), zones };
    return zones;
  }

  /**
   * An informer (list, then watch from the list's resourceVersion) of one resource. The server ends each watch
   * after `watchTimeoutSeconds` and the informer watches again from where it was. `listed` is called when a
   * list (the first, or a relist after 410 Expired) has answered, before its items are in the cache.
   */
  informer<T>(
    what: Watched,
    watchTimeoutSeconds: number,
    listed: () => void,
  ): KubeInformer<T> {
    const group = `/apis/${COMPUTE_GROUP}/${COMPUTE_VERSION}`;
    const timeoutMs = Math.max(MIN_LIST_TIMEOUT_MS, this.timeoutMs * 2);
    let path: string;
    let labelSelector: string | undefined;
    let list: (
      o: ConfigurationOptions<ObservableMiddleware>,
    ) => Promise<unknown>;
    switch (what.kind) {
      case 'apps':
      case 'scalers':
        path = `${group}/${what.kind}`;
        list = o =>
          this.custom.listClusterCustomObject(
            {
              group: COMPUTE_GROUP,
              version: COMPUTE_VERSION,
              plural: what.kind,
            },
            o,
          );
        break;
      case 'namespaces':
        path = '/api/v1/namespaces';
        labelSelector = LABELS.team;
        list = o => this.core.listNamespace({ labelSelector }, o);
        break;
      case 'nodes':
        path = '/api/v1/nodes';
        list = o => this.core.listNode({}, o);
        break;
      case 'pods':
        path = `/api/v1/namespaces/${what.namespace}/pods`;
        labelSelector = LABELS.app;
        list = o =>
          this.core.listNamespacedPod(
            { namespace: what.namespace, labelSelector },
            o,
          );
        break;
      case 'events':
      default:
        path = `/api/v1/namespaces/${what.namespace}/events`;
        list = o =>
          this.core.listNamespacedEvent({ namespace: what.namespace }, o);
    }
    return makeInformer<KubernetesObject>(
      this.kc,
      // The watch adds its own parameters to this path's.
      `${path}?timeoutSeconds=${watchTimeoutSeconds}`,
      async () => {
        const answer = (await this.call(
          list,
          timeoutMs,
        )) as KubernetesListObject<KubernetesObject>;
        listed();
        return answer;
      },
      labelSelector,
    ) as unknown as KubeInformer<T>;
  }

  /** A watch's or list's failure as a cluster error: what the API server said, or why it did not answer. */
  describe(error: unknown): ClusterError {
    if (error instanceof ClusterUnavailableError) return error.detail;
    const status = (error as { statusCode?: unknown })?.statusCode;
    const translated =
      typeof status === 'number'
        ? this.translate(new ApiException(status, String(error), '', {}))
        : this.translate(error);
    return translated instanceof ClusterUnavailableError
      ? translated.detail
      : { reason: 'Error', message: translated.message };
  }

  /** Runs one API call with a timeout, and turns its failure into a Backstage error. */
  private async call<T>(
    fn: (options: ConfigurationOptions<ObservableMiddleware>) => Promise<T>,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    const signal = AbortSignal.timeout(timeoutMs);
    // The object-parameter API passes options to the observable layer as they are, so this middleware is the
    // observable kind.
    const abortOnTimeout: ObservableMiddleware = {
      pre: (request: RequestContext) => {
        request.setSignal(signal);
        return new Observable(Promise.resolve(request));
      },
      post: (response: ResponseContext) =>
        new Observable(Promise.resolve(response)),
    };
    const options: ConfigurationOptions<ObservableMiddleware> = {
      middleware: [abortOnTimeout],
      middlewareMergeStrategy: 'append',
    };
    try {
      return await fn(options);
    } catch (error) {
      throw this.translate(error, signal, timeoutMs);
    }
  }

  private translate(
    error: unknown,
    signal?: AbortSignal,
    timeoutMs = this.timeoutMs,
  ): Error {
    return translateKubeError(this.name, error, signal, timeoutMs);
  }
}
