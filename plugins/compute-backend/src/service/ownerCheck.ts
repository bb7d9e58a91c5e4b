import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityOperatePermission } from '@atrium/plugin-identity-common';
import {
  LABELS,
  type App,
  type AppRef,
  type ComputeActionType,
  type ComputeAuditRecord,
} from '@atrium/plugin-compute-common';
import type { ClusterSet } from '../cluster/ClusterSet';
import type { KubeCluster } from '../cluster/KubeCluster';
import type { ComputeAppViews, ComputeAuditLog } from '../types';
import type { ComputeSignals } from './ComputeSignals';
import { checkNames } from './targets';
import { namespaceMismatch, requireTeamNamespace } from './ownership';

export type Credentials = BackstageCredentials<BackstageUserPrincipal>;

/** What every service of owner actions (ComputeActions, ComputeCreation, ComputeDeletion) is made with. */
export interface OwnerActionDeps {
  clusters: ClusterSet;
  permissions: PermissionsService;
  audit: ComputeAuditLog;
  signals: ComputeSignals;
  logger: LoggerService;
}

/** What every audit record of one owner action on one App shares. */
export type AuditBase = Pick<
  ComputeAuditRecord,
  'actor' | 'action' | 'entityRef' | 'cluster' | 'namespace' | 'app'
>;

/**
 * The first steps of an owner's action on an App (ComputeActions, ComputeDeletion): finds the App and the
 * catalog Component its label names; asks the permission framework for `atrium.entity.operate` on that
 * Component (owning team or admin); checks that the App's namespace belongs to the component's team. A refusal
 * is audited (`denied`) and thrown as NotAllowedError; an App or component the caller may not see is NotFound.
 */
export async function authorizeOwnerAction(
  deps: {
    clusters: ClusterSet;
    reader: Pick<ComputeAppViews, 'checkVisible'>;
    permissions: PermissionsService;
    audit: Pick<ComputeAuditLog, 'record'>;
  },
  action: ComputeActionType,
  ref: AppRef,
  credentials: Credentials,
  options: {
    /**
     * For an App whose component the catalog does not answer for (not registered yet, as after a self-service
     * run that failed half-way): whether the caller may act for the namespace's team instead. Without it, such
     * an App is not found.
     */
    forTeam?: (team: string) => Promise<boolean>;
  } = {},
): Promise<{
  cluster: KubeCluster;
  app: App;
  entity: Entity | undefined;
  base: AuditBase;
  /** The team whose namespace holds the App (the namespace's team label). */
  team: string;
}> {
  checkNames(ref.namespace, ref.name);
  const cluster = deps.clusters.get(ref.cluster);
  const team = await requireTeamNamespace(cluster, ref.namespace);
  const app = await cluster.get('apps', ref.namespace, ref.name);
  const component = app.metadata.labels?.[LABELS.component];
  if (!component) {
    throw new NotAllowedError(
      `App ${ref.name} has no ${LABELS.component} label, so Atrium cannot tell who owns it`,
    );
  }
  // Seeing the component is a condition of acting on it; an invisible one is reported as missing.
  // An action asks the catalog now, not a recent answer.
  const entityRef = `component:default/${component}`;
  const actor = credentials.principal.userEntityRef;
  const base: AuditBase = {
    actor,
    action,
    entityRef,
    cluster: cluster.name,
    namespace: ref.namespace,
    app: ref.name,
  };
  let entity: Entity | undefined;
  try {
    entity = await deps.reader.checkVisible(app, credentials, {
      fresh: true,
    });
  } catch (error) {
    if (!(error instanceof NotFoundError) || !options.forTeam) throw error;
    if (!(await options.forTeam(team))) {
      const message = `${actor} may not ${action} ${ref.name}: only the members of group:default/${team} and platform admins may`;
      await deps.audit.record({ ...base, result: 'denied', message });
      throw new NotAllowedError(message);
    }
    return { cluster, app, entity: undefined, base, team };
  }
  const [decision] = await deps.permissions.authorize(
    [{ permission: entityOperatePermission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    const message = `${actor} may not ${action} ${ref.name}: only the team that owns ${entityRef} and platform admins may`;
    await deps.audit.record({ ...base, result: 'denied', message });
    throw new NotAllowedError(message);
  }
  // The label is the App's word only: an App in another team's namespace that names this component must not
  // let this component's owners act on it. The namespace's team label (set by the platform) must agree: the
  // same rule that decides which Apps a component's page shows.
  const mismatch = namespaceMismatch(ref.namespace, team, entity);
  if (mismatch) {
    const message = `${ref.name} may not be operated through ${entityRef}: ${mismatch}`;
    await deps.audit.record({ ...base, result: 'denied', message });
    throw new NotAllowedError(message);
  }
  return { cluster, app, entity, base, team };
}
