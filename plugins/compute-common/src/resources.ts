/**
 * The platform's Kubernetes resources, as Atrium reads and writes them. The schemas that a cluster enforces are
 * in `deploy/crds/` (group `compute.atrium.dev`, version `v1alpha1`); these types follow them field by field.
 */

/** API group and version of Atrium's custom resources. */
export const COMPUTE_GROUP = 'compute.atrium.dev';
export const COMPUTE_VERSION = 'v1alpha1';
export const COMPUTE_API_VERSION = `${COMPUTE_GROUP}/${COMPUTE_VERSION}`;

/** Labels and annotations that tie clusters to the catalog. */
export const LABELS = {
  /** On an App (and its pods): the name of the catalog Component that owns it, in the default namespace. */
  component: 'compute.atrium.dev/component',
  /** On a team's namespace and everything in it: the name of the owning catalog Group. */
  team: 'compute.atrium.dev/team',
  /** On pods: the App that made them. */
  app: 'compute.atrium.dev/app',
  /** On pods: the App revision that made them. */
  revision: 'compute.atrium.dev/revision',
  /** On nodes, as in Kubernetes. */
  zone: 'topology.kubernetes.io/zone',
  region: 'topology.kubernetes.io/region',
} as const;

export const ANNOTATIONS = {
  /**
   * On a catalog Component: the Apps it runs, comma-separated, each `name` or `namespace/name`. A bare name is
   * looked up in the owning team's namespace.
   */
  apps: 'compute.atrium.dev/apps',
  /**
   * On an App created without an image tag (self-service): the replicas it asked for. It runs none until its
   * first deploy, which sets them and removes this annotation.
   */
  firstDeployReplicas: 'compute.atrium.dev/first-deploy-replicas',
} as const;

/**
 * The `spec.version` of an App created without an image tag: nothing of it is deployed yet (it has no replicas
 * until its first deploy). The App resource requires a version, so this word stands in for one.
 */
export const UNDEPLOYED_VERSION = 'undeployed';

/** Resource tiers: a pod's PriorityClass is `atrium-<tier>` and each tier has a quota per team namespace. */
export const TIERS = ['reserved', 'on-demand', 'preemptible'] as const;
export type Tier = (typeof TIERS)[number];
export const priorityClassOf = (tier: Tier) => `atrium-${tier}`;
/** The ResourceQuota that limits a tier in a team namespace. */
export const quotaNameOf = (tier: Tier) => `tier-${tier}`;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ComputeResources {
  /** Kubernetes quantity, e.g. `250m` or `1`. */
  cpu: string;
  /** Kubernetes quantity, e.g. `256Mi`. */
  memory: string;
}

export interface Sidecar {
  name: string;
  image: string;
  resources: ComputeResources;
}

export interface RolloutStrategy {
  type: 'RollingUpdate' | 'Recreate';
  /** Pods above the desired count during a rolling update. */
  maxSurge?: number;
  /** Pods below the desired count during a rolling update. */
  maxUnavailable?: number;
}

export interface AppSpec {
  /** Image repository without tag, e.g. `registry.example.com/payments/payments-gateway`. */
  image: string;
  /** The image tag that runs. */
  version: string;
  replicas: number;
  tier: Tier;
  /** Requests of the main container, per replica. */
  resources: ComputeResources;
  /** Sidecars the platform manages, e.g. a mesh proxy. */
  sidecars?: Sidecar[];
  strategy?: RolloutStrategy;
  /** Set to a new timestamp to replace every pod (a rolling restart). */
  restartedAt?: string;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface AppRevision {
  revision: number;
  image: string;
  version: string;
  createdAt: string;
  /** Why it was made: `deploy`, `restart`, `rollback to N`, … */
  changeCause?: string;
}

export type AppPhase =
  | 'Pending'
  | 'Progressing'
  | 'Running'
  | 'Degraded'
  | 'Failed';

export interface AppStatus {
  phase?: AppPhase;
  observedGeneration?: number;
  replicas?: number;
  readyReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  currentRevision?: number;
  /** Newest last; the platform keeps the last 10. */
  revisions?: AppRevision[];
  conditions?: Condition[];
}

export interface App {
  apiVersion: typeof COMPUTE_API_VERSION;
  kind: 'App';
  metadata: ObjectMeta;
  spec: AppSpec;
  status?: AppStatus;
}

export type ScalerMetric =
  | { type: 'cpu'; targetUtilization: number }
  | { type: 'rps'; targetPerReplica: number };

export interface ScalerSchedule {
  name: string;
  /** Five-field cron expression (day and month names allowed) or a macro such as @daily, in UTC unless timezone is set. */
  cron: string;
  timezone?: string;
  /** How long the schedule holds once it starts, e.g. `10h`. */
  duration: string;
  minReplicas: number;
  maxReplicas?: number;
}

export interface ScalerSpec {
  /** The App this Scaler drives, in the same namespace. */
  targetRef: { name: string };
  minReplicas: number;
  maxReplicas: number;
  metrics?: ScalerMetric[];
  schedules?: ScalerSchedule[];
}

export interface ScalerStatus {
  observedGeneration?: number;
  desiredReplicas?: number;
  currentReplicas?: number;
  lastScaleTime?: string;
  lastScaleReason?: string;
}

export interface Scaler {
  apiVersion: typeof COMPUTE_API_VERSION;
  kind: 'Scaler';
  metadata: ObjectMeta;
  spec: ScalerSpec;
  status?: ScalerStatus;
}

/** Names Kubernetes accepts for these objects (RFC 1123 DNS label). */
export const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Docker image tags. */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
