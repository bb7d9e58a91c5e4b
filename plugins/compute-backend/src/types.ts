import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import type {
  ActionOutcome,
  ActionResponse,
  ActivityPage,
  App,
  AppRef,
  AppView,
  ApprovalCheck,
  ApprovalDecision,
  ApprovalRequest,
  ComponentEvents,
  ComponentWorkloads,
  ComputeAuditRecord,
  CreateAppOutcome,
  CreateAppResponse,
  ImageTags,
  PodLogs,
  TeamQuota,
  TeamWorkloads,
} from '@atrium/plugin-compute-common';
import type { AppAction } from './service/actionPlans';

/**
 * The services behind the compute router, as the router (router.ts, approvals/routes.ts) and the sibling
 * services see them. Each is implemented by one class (named on each interface); the router and the services
 * that use one another depend on these interfaces only, so tests can hand in small fakes.
 */

export type { ImageRegistry } from './service/imageRegistry';

/** A signed-in user's credentials: the owners' actions and approvals are for users only. */
export type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/**
 * A route's `:namespace/:name`: Backstage's CompoundEntityRef without the kind, which is the route's (a component's
 * or a team's).
 */
export type RouteEntityRef = Pick<CompoundEntityRef, 'namespace' | 'name'>;

/** Reads of workloads across the clusters, each only what the caller may see (ComputeReader). */
export interface ComputeReads {
  componentWorkloads(
    ref: RouteEntityRef,
    credentials: BackstageCredentials,
  ): Promise<ComponentWorkloads>;
  /** Many components at once; null where the caller may not see one (or it is not a component). */
  componentsWorkloads(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Array<ComponentWorkloads | null>>;
  /** The component's entity ref, if the caller may see it; otherwise NotFoundError. */
  componentEntityRef(
    ref: RouteEntityRef,
    credentials: BackstageCredentials,
  ): Promise<string>;
  componentEvents(
    ref: RouteEntityRef,
    credentials: BackstageCredentials,
  ): Promise<ComponentEvents>;
  teamWorkloads(
    ref: RouteEntityRef,
    credentials: BackstageCredentials,
  ): Promise<TeamWorkloads>;
  teamQuota(
    ref: RouteEntityRef,
    credentials: BackstageCredentials,
  ): Promise<TeamQuota>;
  app(ref: AppRef, credentials: BackstageCredentials): Promise<AppView>;
  podLogs(
    ref: { cluster: string; namespace: string; pod: string },
    query: { container?: string; tailLines?: number },
    credentials: BackstageCredentials,
  ): Promise<PodLogs>;
}

/** What the owners' actions ask of the reader (ComputeReader): whether the caller may see an App, and its view. */
export interface ComputeAppViews {
  /** The App's view with its pods (when asked) and its Scaler, once the cluster's cache holds the App as given. */
  view(
    cluster: { name: string },
    app: App,
    withPods: boolean,
  ): Promise<AppView>;
  /** The catalog Component behind an App, if the caller may see it; otherwise NotFoundError. */
  checkVisible(
    app: App,
    credentials: BackstageCredentials,
    options?: { fresh?: boolean },
  ): Promise<Entity | undefined>;
}

/** What compute keeps beside the clusters, each read as the caller may see it (ComputeRecords). */
export interface ComputeRecordReads {
  /** The component's Activity (its audit), newest first; `before` is the id to continue from. */
  componentActivity(
    ref: RouteEntityRef,
    credentials: BackstageCredentials,
    page: { limit: number; before?: number },
  ): Promise<ActivityPage>;
  /** The tags of the App's image in the registry, newest version first. */
  appTags(ref: AppRef, credentials: BackstageCredentials): Promise<ImageTags>;
}

/** The owners' actions on an App (ComputeActions). */
export interface ComputeActionService {
  /** As the API takes it: applied, or stored as a request for approval when a rule asks for one. */
  perform(
    action: AppAction,
    ref: AppRef,
    body: object,
    credentials: UserCredentials,
  ): Promise<ActionOutcome>;
  /** Whether the action would need approval, and why; writes nothing. */
  check(
    action: AppAction,
    ref: AppRef,
    body: object,
    credentials: UserCredentials,
  ): Promise<ApprovalCheck>;
  /** Applied at once, no approval asked (an approved request). */
  apply(
    action: AppAction,
    ref: AppRef,
    body: object,
    credentials: UserCredentials,
  ): Promise<ActionResponse>;
}

/** Self-service creation of a team's Apps (ComputeCreation). */
export interface ComputeCreationService {
  /** Creates, or stores a request for approval when a rule asks for one (a dry run never does). */
  perform(
    team: RouteEntityRef,
    body: unknown,
    credentials: UserCredentials,
  ): Promise<CreateAppOutcome>;
  /** Whether creating this App would need approval, and why; writes nothing. */
  checkApproval(
    team: RouteEntityRef,
    body: unknown,
    credentials: UserCredentials,
  ): Promise<ApprovalCheck>;
  /** Creates at once (an approved request). */
  create(
    team: RouteEntityRef,
    body: unknown,
    credentials: UserCredentials,
  ): Promise<CreateAppResponse>;
  /** Whether the caller may create Apps for the team `group:default/<team>` (and so undo them). */
  mayCreateFor(teamRef: string, credentials: UserCredentials): Promise<boolean>;
}

/** Deleting an App and its Scaler (ComputeDeletion). */
export interface ComputeDeletionService {
  delete(ref: AppRef, credentials: UserCredentials): Promise<void>;
}

/** What an action records before the audit gives it an id and a time. */
export type ComputeAuditEntry = Omit<ComputeAuditRecord, 'id' | 'occurredAt'>;

/** The compute audit, the services' Activity (ComputeAuditStore). */
export interface ComputeAuditLog {
  record(entry: ComputeAuditEntry, now?: Date): Promise<ComputeAuditRecord>;
  /** Ends a `started` record with its outcome. */
  settle(
    record: ComputeAuditRecord,
    result: 'succeeded' | 'failed',
    message?: string,
  ): Promise<ComputeAuditRecord>;
  /** An entity's records, newest first; `before` is the id to continue from. */
  list(options: {
    entityRef: string;
    limit: number;
    before?: number;
  }): Promise<ActivityPage>;
}

/** Requests for approval after they are made (ApprovalService). */
export interface ComputeApprovalService {
  list(
    query: { awaiting?: 'me'; requestedBy?: 'me' },
    credentials: UserCredentials,
  ): Promise<ApprovalRequest[]>;
  get(id: string, credentials: UserCredentials): Promise<ApprovalRequest>;
  approve(id: string, credentials: UserCredentials): Promise<ApprovalDecision>;
  reject(
    id: string,
    comment: string | undefined,
    credentials: UserCredentials,
  ): Promise<ApprovalDecision>;
}
