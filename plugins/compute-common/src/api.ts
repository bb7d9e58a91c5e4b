/**
 * The compute backend's REST API (`/api/compute`): what it answers and what it accepts. The OpenAPI spec of the
 * same API is `plugins/compute-backend/src/schema/openapi.yaml`; `ComputeClient` is its typed client.
 */
import type {
  App,
  AppSpec,
  AppStatus,
  Scaler,
  ScalerMetric,
  ScalerSchedule,
  ScalerStatus,
  Tier,
} from './resources';

/** A configured cluster, as the API shows it (never its credentials). */
export interface ClusterInfo {
  name: string;
  region?: string;
  zone?: string;
}

/** Why one cluster's part of an answer is missing. The rest of the answer is still there. */
export interface ClusterError {
  /** `Timeout`, `Unreachable`, `Unauthorized`, `Forbidden` or `Error`. */
  reason: string;
  message: string;
}

/**
 * A cluster that answered before and does not now: its part of an answer is what it last reported, and this
 * says since when (ISO 8601) and why.
 */
export interface ClusterStale extends ClusterError {
  since: string;
}

/**
 * One cluster's part of a multi-cluster answer: either data (with `stale` when it is the cluster's last known
 * state, served while the cluster does not answer) or an error (a cluster never read since Atrium started).
 */
export type ClusterResult<T> = { cluster: ClusterInfo } & (
  | ({ ok: true; stale?: ClusterStale } & T)
  | { ok: false; error: ClusterError }
);

export interface ContainerView {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** For waiting or terminated containers, e.g. `CrashLoopBackOff`. */
  reason?: string;
}

export interface PodView {
  name: string;
  namespace: string;
  phase: string;
  ready: boolean;
  restarts: number;
  node?: string;
  zone?: string;
  /** The main container's image, with tag. */
  image?: string;
  revision?: number;
  createdAt?: string;
  containers: ContainerView[];
}

export interface ScalerView {
  name: string;
  namespace: string;
  resourceVersion: string;
  minReplicas: number;
  maxReplicas: number;
  metrics: ScalerMetric[];
  schedules: ScalerSchedule[];
  status: ScalerStatus;
}

export interface AppView {
  cluster: string;
  namespace: string;
  name: string;
  /** Send it back with an action: a change made by someone else meanwhile then gives 409, not a lost update. */
  resourceVersion: string;
  /** The spec's generation; the rollout of a change is observed when `status.observedGeneration` reaches it. */
  generation: number;
  /** The catalog Component (name in the default namespace) from the App's label. */
  component?: string;
  team?: string;
  spec: AppSpec;
  status: AppStatus;
  pods: PodView[];
  scaler?: ScalerView;
}

/**
 * An App that a component's annotation or the App's own label names, left out because its namespace does not
 * belong to the component's owning team (the rule the actions use too).
 */
export interface ExcludedApp {
  cluster: string;
  namespace: string;
  name: string;
  /** e.g. `namespace team-payments belongs to group:default/team-payments, not to this component's owner group:default/team-fleet` */
  reason: string;
}

export interface ComponentWorkloads {
  entityRef: string;
  clusters: ClusterResult<{ apps: AppView[] }>[];
  /** The Apps left out, across the clusters that answered. */
  excluded: ExcludedApp[];
}

export interface TeamWorkloads {
  entityRef: string;
  namespace: string;
  clusters: ClusterResult<{ apps: AppView[] }>[];
}

export interface EventView {
  namespace: string;
  type: 'Normal' | 'Warning' | string;
  reason: string;
  message: string;
  object: { kind: string; name: string };
  count: number;
  firstSeen?: string;
  lastSeen?: string;
}

export interface ComponentEvents {
  entityRef: string;
  clusters: ClusterResult<{ events: EventView[] }>[];
}

export interface PodLogs {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  lines: string[];
}

/** Requested CPU in cores and memory in bytes. */
export interface ResourceAmounts {
  cpu: number;
  memory: number;
  pods?: number;
}

export interface TierQuota {
  tier: Tier;
  hard: ResourceAmounts;
  used: ResourceAmounts;
}

export interface TeamQuota {
  entityRef: string;
  namespace: string;
  clusters: ClusterResult<{ tiers: TierQuota[] }>[];
}

export interface ImageTags {
  image: string;
  tags: string[];
}

export type ComputeActionType =
  | 'scale'
  | 'scaler'
  | 'restart'
  | 'deploy'
  | 'rollback'
  | 'create'
  | 'delete';

export interface ScaleRequest {
  resourceVersion: string;
  replicas: number;
}
export interface ScalerRequest {
  /** The Scaler's resourceVersion. */
  resourceVersion: string;
  minReplicas: number;
  maxReplicas: number;
}
export interface RestartRequest {
  resourceVersion: string;
}
export interface DeployRequest {
  resourceVersion: string;
  version: string;
}
export interface RollbackRequest {
  resourceVersion: string;
  revision: number;
}

/**
 * How an action ended. `started`: recorded before the change was sent to the cluster, and its outcome could not
 * be recorded afterwards (the database went away meanwhile): the change may have been applied.
 */
export type ComputeAuditResult = 'succeeded' | 'failed' | 'denied' | 'started';

/** One recorded action: the service's Activity. */
export interface ComputeAuditRecord {
  id: number;
  occurredAt: string;
  /** The user's entity ref. */
  actor: string;
  action: ComputeActionType;
  /** The catalog Component the App belongs to. */
  entityRef: string;
  cluster: string;
  namespace: string;
  app: string;
  /** The changed fields before and after, e.g. `{ replicas: 2 }` → `{ replicas: 4 }`. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  result: ComputeAuditResult;
  /** Why it failed or was denied. */
  message?: string;
  /**
   * For a step of a request for approval (compute-common's approvals): which request, and what happened to it.
   * `before`/`after` are then the change asked for; `result` is `failed` only for `failed` (applying it failed).
   */
  approval?: { id: string; event: ApprovalAuditEvent };
}

/** What a record of a request for approval says happened to it. */
export type ApprovalAuditEvent =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'failed';

export interface ActivityPage {
  items: ComputeAuditRecord[];
  /** Pass as `before` for the next page; absent on the last page. */
  nextBefore?: number;
}

export interface ActionResponse {
  record: ComputeAuditRecord;
  app: AppView;
}

/**
 * A new App (and its Scaler) for a team, on one or more clusters, in the team's namespace there
 * (`POST /teams/{namespace}/{name}/apps`).
 */
export interface CreateAppRequest {
  /** The App's name: a DNS label. */
  name: string;
  /** The catalog Component it runs, `component:default/<name>`; its label ties the App to the component. */
  component: string;
  tier: Tier;
  /** Cluster names, at least one, each once. */
  clusters: string[];
  /** Replicas once deployed, from 0 to LIMITS.maxReplicas. */
  replicas: number;
  /** Requests of the main container, per replica, within LIMITS.maxCpuCores and LIMITS.maxMemoryBytes. */
  resources: { cpu: string; memory: string };
  /** Image repository without tag, `<registry>/<repository>`. */
  image: string;
  /**
   * An image tag that exists in the registry, to run at once. Without it, the App runs nothing until its first
   * deploy (its version is UNDEPLOYED_VERSION and its replicas 0 meanwhile).
   */
  tag?: string;
  /** A Scaler for the App, with these bounds (`replicas` must lie within them). */
  scaler?: { minReplicas: number; maxReplicas: number };
  /** Validate and check everything, answer what would be created, and create nothing. */
  dryRun?: boolean;
}

/** One object that was (or, in a dry run, would be) created. */
export interface CreatedObject {
  cluster: string;
  namespace: string;
  name: string;
  /** Empty in a dry run. */
  resourceVersion: string;
}

export interface CreateAppResponse {
  dryRun: boolean;
  apps: CreatedObject[];
  scalers: CreatedObject[];
  /** In a dry run: the App and Scaler objects that would be created, per cluster in `clusters` order. */
  manifests?: Array<App | Scaler>;
}

/** Limits the API enforces; the frontend shows them. */
export const LIMITS = {
  /** Most log lines one request may ask for. */
  maxLogLines: 2000,
  /** Most replicas one App may ask for, whatever the quota. */
  maxReplicas: 100,
  /** Most CPU (cores) one replica of a new App may request. */
  maxCpuCores: 16,
  /** Most memory (bytes) one replica of a new App may request: 64Gi. */
  maxMemoryBytes: 64 * 1024 ** 3,
} as const;
