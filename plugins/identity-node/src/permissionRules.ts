import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogIngestionManagePermission,
  catalogIngestionReadPermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { entityOperatePermission } from '@atrium/plugin-identity-common';
import { operationsAlertSilencePermission } from '@atrium/plugin-operations-common';

/**
 * Who may use a permission, for a signed-in user who is not a platform admin (platform admins may use every
 * permission in the table):
 * - `signedIn`: every signed-in user;
 * - `readers`: every signed-in user, except that an entity annotated `atrium.dev/visibility: owners` is for its
 *   owners only (a condition the catalog applies in its queries);
 * - `owners`: the members of the catalog entity's owning group, directly or through a child group (a condition
 *   the catalog resolves per entity);
 * - `teamMembers`: the members of the Group entity the permission is asked for, directly or through a child group
 *   (a condition the catalog resolves on that Group: it is one of the caller's ownership refs);
 * - `taskCreator`: the user who started the scaffolder task (a condition the scaffolder resolves per task);
 * - `adoptionReaders`: the members of the groups listed in `adoption.readers` (directly or through a child group);
 * - `admins`: platform admins only.
 */
export type PermissionRule =
  | 'signedIn'
  | 'readers'
  | 'owners'
  | 'teamMembers'
  | 'taskCreator'
  | 'adoptionReaders'
  | 'admins';

/**
 * Every permission that the backend's plugins check, with who may use it. A permission that is not here is
 * denied to everyone but platform admins: a plugin added to the backend gets no access until its permissions
 * are listed here.
 */
export const PERMISSION_RULES: Readonly<Record<string, PermissionRule>> = {
  // Atrium's own permissions (plugins/*-common).
  [entityOperatePermission.name]: 'owners',
  [operationsAlertSilencePermission.name]: 'owners',
  // Creating Apps for a team (plugins/compute-backend's permissions.ts, named here as a string like adoption's):
  // asked with the team's Group ref.
  'compute.app.create': 'teamMembers',
  // Adoption insights (plugins/adoption-common, named here as strings: the permissions' package depends on
  // nothing of identity's): the groups in adoption.readers; the NPS comments, platform admins only.
  'atrium.adoption.read': 'adoptionReaders',
  'atrium.adoption.comments.read': 'admins',

  // The catalog (@backstage/plugin-catalog-common).
  [catalogEntityReadPermission.name]: 'readers',
  [catalogEntityCreatePermission.name]: 'signedIn',
  [catalogEntityValidatePermission.name]: 'signedIn',
  [catalogEntityRefreshPermission.name]: 'owners',
  [catalogEntityDeletePermission.name]: 'owners',
  [catalogLocationReadPermission.name]: 'signedIn',
  [catalogLocationCreatePermission.name]: 'signedIn',
  [catalogLocationAnalyzePermission.name]: 'signedIn',
  [catalogIngestionReadPermission.name]: 'signedIn',
  // Deleting a location unregisters every entity it holds, whoever owns them.
  [catalogLocationDeletePermission.name]: 'admins',
  [catalogIngestionManagePermission.name]: 'admins',

  // Software templates (@backstage/plugin-scaffolder-common): everyone runs templates and follows their own runs.
  [templateParameterReadPermission.name]: 'signedIn',
  [templateStepReadPermission.name]: 'signedIn',
  [actionExecutePermission.name]: 'signedIn',
  [taskCreatePermission.name]: 'signedIn',
  // A task's parameters and logs are its creator's.
  [taskReadPermission.name]: 'taskCreator',
  [taskCancelPermission.name]: 'taskCreator',
  // The template editor (it runs templates from a local folder in dry-run mode): the platform team's tool.
  [templateManagementPermission.name]: 'admins',
  [templateDryRunPermission.name]: 'admins',

  // Search, TechDocs, signals, user settings, app and auth check no permissions of their own: search filters its
  // results with the catalog's read permission, which the collators name as each document's visibility.
};
