import {
  PluginApiClient,
  type PluginApiClientOptions,
  queryString,
} from '@atrium/api-client';
import {
  parseEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type {
  ActivityPage,
  AppView,
  ComponentEvents,
  ComponentWorkloads,
  ComputeActionType,
  CreateAppRequest,
  CreateAppResponse,
  DeployRequest,
  ImageTags,
  PodLogs,
  RestartRequest,
  RollbackRequest,
  ScaleRequest,
  ScalerRequest,
  TeamQuota,
  TeamWorkloads,
} from './api';
import type {
  ActionOutcome,
  ApprovalCheck,
  ApprovalDecision,
  ApprovalList,
  ApprovalRequest,
} from './approvals';
import { ApprovalRequiredError } from './approvals';

/** Where an App lives. */
export interface AppRef {
  cluster: string;
  namespace: string;
  name: string;
}

export interface ComputeRequestOptions {
  /** A Backstage token, for callers whose fetch does not add one (backend plugins). */
  token?: string;
  signal?: AbortSignal;
}

/** The compute API, as the frontend and other backend plugins call it. */
export interface ComputeApi {
  getComponentWorkloads(
    component: CompoundEntityRef,
    options?: ComputeRequestOptions,
  ): Promise<ComponentWorkloads>;
  /**
   * The workloads (without pods) of many components, in the order asked (at most 100); null where the caller
   * may not see one.
   */
  getComponentsWorkloads(
    entityRefs: string[],
    options?: ComputeRequestOptions,
  ): Promise<Array<ComponentWorkloads | null>>;
  getComponentEvents(
    component: CompoundEntityRef,
    options?: ComputeRequestOptions,
  ): Promise<ComponentEvents>;
  getComponentActivity(
    component: CompoundEntityRef,
    page?: { limit?: number; before?: number },
    options?: ComputeRequestOptions,
  ): Promise<ActivityPage>;
  getTeamWorkloads(
    team: CompoundEntityRef,
    options?: ComputeRequestOptions,
  ): Promise<TeamWorkloads>;
  getTeamQuota(
    team: CompoundEntityRef,
    options?: ComputeRequestOptions,
  ): Promise<TeamQuota>;
  getApp(app: AppRef, options?: ComputeRequestOptions): Promise<AppView>;
  getImageTags(
    app: AppRef,
    options?: ComputeRequestOptions,
  ): Promise<ImageTags>;
  getPodLogs(
    pod: { cluster: string; namespace: string; name: string },
    query: { container?: string; tailLines?: number },
    options?: ComputeRequestOptions,
  ): Promise<PodLogs>;
  scale(
    app: AppRef,
    request: ScaleRequest,
    options?: ComputeRequestOptions,
  ): Promise<ActionOutcome>;
  setScalerBounds(
    app: AppRef,
    request: ScalerRequest,
    options?: ComputeRequestOptions,
  ): Promise<ActionOutcome>;
  restart(
    app: AppRef,
    request: RestartRequest,
    options?: ComputeRequestOptions,
  ): Promise<ActionOutcome>;
  deploy(
    app: AppRef,
    request: DeployRequest,
    options?: ComputeRequestOptions,
  ): Promise<ActionOutcome>;
  rollback(
    app: AppRef,
    request: RollbackRequest,
    options?: ComputeRequestOptions,
  ): Promise<ActionOutcome>;
  /**
   * Creates an App (and its Scaler) for a team on the chosen clusters; with `dryRun`, only says what it would
   * create. `team` is the Group, as a ref (`group:default/team-payments`, kind group by default) or compound.
   * When the creation needs approval, the backend stores a request (202) and this throws ApprovalRequiredError
   * with it (the callers of createApp expect what was created; see `requestCreateApp` for both answers).
   */
  createApp(
    team: CompoundEntityRef | string,
    request: CreateAppRequest,
    options?: ComputeRequestOptions,
  ): Promise<CreateAppResponse>;
  /** Creates an App, or answers the stored request for approval (202) when the creation needs one. */
  requestCreateApp(
    team: CompoundEntityRef | string,
    request: CreateAppRequest,
    options?: ComputeRequestOptions,
  ): Promise<CreateAppResponse | { approval: ApprovalRequest }>;
  /** Deletes an App and its Scaler (the owners' action that undoes a creation). */
  deleteApp(
    cluster: string,
    namespace: string,
    app: string,
    options?: ComputeRequestOptions,
  ): Promise<void>;
  /** Whether an action would need approval as it stands, and why; writes nothing. */
  checkAction(
    app: AppRef,
    action: ComputeActionType,
    body: unknown,
    options?: ComputeRequestOptions,
  ): Promise<ApprovalCheck>;
  /** Whether creating this App would need approval, and why; writes nothing. */
  checkCreateApp(
    team: CompoundEntityRef | string,
    body: CreateAppRequest,
    options?: ComputeRequestOptions,
  ): Promise<ApprovalCheck>;
  /**
   * Requests for approval: `awaiting: 'me'` the pending ones the caller may decide (a member of the owning
   * team, or a platform admin, and not the requester); `requestedBy: 'me'` the caller's own, newest first.
   */
  listApprovals(
    query: { awaiting?: 'me'; requestedBy?: 'me' },
    options?: ComputeRequestOptions,
  ): Promise<ApprovalList>;
  getApproval(
    id: string,
    options?: ComputeRequestOptions,
  ): Promise<ApprovalRequest>;
  /** Approves and applies a request (as a direct action would apply, against the stored resourceVersion). */
  approve(
    id: string,
    options?: ComputeRequestOptions,
  ): Promise<ApprovalDecision>;
  reject(
    id: string,
    body: { comment?: string },
    options?: ComputeRequestOptions,
  ): Promise<ApprovalDecision>;
}

const seg = encodeURIComponent;
const appPath = (a: AppRef) =>
  `/clusters/${seg(a.cluster)}/namespaces/${seg(a.namespace)}/apps/${seg(
    a.name,
  )}`;
const COLLECTION_KIND = { components: 'component', teams: 'group' };
/** The route of a component or a team (a Group); another kind is the caller's mistake, said at once. */
const entityPath = (
  collection: 'components' | 'teams',
  e: CompoundEntityRef,
) => {
  const kind = COLLECTION_KIND[collection];
  if (e.kind.toLocaleLowerCase('en-US') !== kind) {
    throw new InputError(
      `Compute's ${collection} are ${kind} entities, not ${e.kind} ${e.namespace}/${e.name}`,
    );
  }
  return `/${collection}/${seg(e.namespace)}/${seg(e.name)}`;
};

const teamPath = (team: CompoundEntityRef | string) =>
  entityPath(
    'teams',
    typeof team === 'string'
      ? parseEntityRef(team, { defaultKind: 'group' })
      : team,
  );

/** A typed client of the compute backend, in the style of Backstage's CatalogClient. */
export class ComputeClient extends PluginApiClient implements ComputeApi {
  constructor(options: PluginApiClientOptions) {
    super('compute', options);
  }

  getComponentWorkloads(c: CompoundEntityRef, o?: ComputeRequestOptions) {
    return this.get<ComponentWorkloads>(
      `${entityPath('components', c)}/workloads`,
      o,
    );
  }

  async getComponentsWorkloads(
    entityRefs: string[],
    o?: ComputeRequestOptions,
  ) {
    return (
      await this.post<{ items: Array<ComponentWorkloads | null> }>(
        '/components/workloads',
        { entityRefs },
        o,
      )
    ).items;
  }

  getComponentEvents(c: CompoundEntityRef, o?: ComputeRequestOptions) {
    return this.get<ComponentEvents>(
      `${entityPath('components', c)}/events`,
      o,
    );
  }

  getComponentActivity(
    c: CompoundEntityRef,
    page: { limit?: number; before?: number } = {},
    o?: ComputeRequestOptions,
  ) {
    return this.get<ActivityPage>(
      `${entityPath('components', c)}/activity${queryString(page)}`,
      o,
    );
  }

  getTeamWorkloads(t: CompoundEntityRef, o?: ComputeRequestOptions) {
    return this.get<TeamWorkloads>(`${entityPath('teams', t)}/workloads`, o);
  }

  getTeamQuota(t: CompoundEntityRef, o?: ComputeRequestOptions) {
    return this.get<TeamQuota>(`${entityPath('teams', t)}/quota`, o);
  }

  getApp(a: AppRef, o?: ComputeRequestOptions) {
    return this.get<AppView>(appPath(a), o);
  }

  getImageTags(a: AppRef, o?: ComputeRequestOptions) {
    return this.get<ImageTags>(`${appPath(a)}/tags`, o);
  }

  getPodLogs(
    pod: { cluster: string; namespace: string; name: string },
    q: { container?: string; tailLines?: number },
    o?: ComputeRequestOptions,
  ) {
    return this.get<PodLogs>(
      `/clusters/${seg(pod.cluster)}/namespaces/${seg(
        pod.namespace,
      )}/pods/${seg(pod.name)}/logs${queryString(q)}`,
      o,
    );
  }

  scale(a: AppRef, r: ScaleRequest, o?: ComputeRequestOptions) {
    return this.post<ActionOutcome>(`${appPath(a)}/scale`, r, o);
  }

  setScalerBounds(a: AppRef, r: ScalerRequest, o?: ComputeRequestOptions) {
    return this.post<ActionOutcome>(`${appPath(a)}/scaler`, r, o);
  }

  restart(a: AppRef, r: RestartRequest, o?: ComputeRequestOptions) {
    return this.post<ActionOutcome>(`${appPath(a)}/restart`, r, o);
  }

  deploy(a: AppRef, r: DeployRequest, o?: ComputeRequestOptions) {
    return this.post<ActionOutcome>(`${appPath(a)}/deploy`, r, o);
  }

  rollback(a: AppRef, r: RollbackRequest, o?: ComputeRequestOptions) {
    return this.post<ActionOutcome>(`${appPath(a)}/rollback`, r, o);
  }

  async createApp(
    team: CompoundEntityRef | string,
    r: CreateAppRequest,
    o?: ComputeRequestOptions,
  ): Promise<CreateAppResponse> {
    const answer = await this.requestCreateApp(team, r, o);
    if ('approval' in answer) throw new ApprovalRequiredError(answer.approval);
    return answer;
  }

  requestCreateApp(
    team: CompoundEntityRef | string,
    r: CreateAppRequest,
    o?: ComputeRequestOptions,
  ) {
    return this.post<CreateAppResponse | { approval: ApprovalRequest }>(
      `${teamPath(team)}/apps`,
      r,
      o,
    );
  }

  checkAction(
    a: AppRef,
    action: ComputeActionType,
    body: unknown,
    o?: ComputeRequestOptions,
  ) {
    return this.post<ApprovalCheck>(
      `${appPath(a)}/${seg(action)}/check`,
      body,
      o,
    );
  }

  checkCreateApp(
    team: CompoundEntityRef | string,
    body: CreateAppRequest,
    o?: ComputeRequestOptions,
  ) {
    return this.post<ApprovalCheck>(`${teamPath(team)}/apps/check`, body, o);
  }

  listApprovals(
    q: { awaiting?: 'me'; requestedBy?: 'me' },
    o?: ComputeRequestOptions,
  ) {
    return this.get<ApprovalList>(`/approvals${queryString(q)}`, o);
  }

  getApproval(id: string, o?: ComputeRequestOptions) {
    return this.get<ApprovalRequest>(`/approvals/${seg(id)}`, o);
  }

  approve(id: string, o?: ComputeRequestOptions) {
    return this.post<ApprovalDecision>(`/approvals/${seg(id)}/approve`, {}, o);
  }

  reject(id: string, body: { comment?: string }, o?: ComputeRequestOptions) {
    return this.post<ApprovalDecision>(`/approvals/${seg(id)}/reject`, body, o);
  }

  async deleteApp(
    cluster: string,
    namespace: string,
    app: string,
    o?: ComputeRequestOptions,
  ): Promise<void> {
    await this.request<void>({
      method: 'DELETE',
      path: appPath({ cluster, namespace, name: app }),
      token: o?.token,
      signal: o?.signal,
    });
  }

  private get<T>(path: string, o?: ComputeRequestOptions): Promise<T> {
    return this.request<T>({ path, token: o?.token, signal: o?.signal });
  }

  private post<T>(
    path: string,
    body: unknown,
    o?: ComputeRequestOptions,
  ): Promise<T> {
    return this.request<T>({
      method: 'POST',
      path,
      body,
      token: o?.token,
      signal: o?.signal,
    });
  }
}
