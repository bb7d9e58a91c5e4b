/**
 * Atrium identity for backend plugins: who owns what, and the permission policy built on it.
 *
 * Compute, alerts and every plugin that acts on a service ask the permission framework for
 * `entityOperatePermission` (from `@atrium/plugin-identity-common`) with the component's ref; this policy
 * answers it with the ownership rule.
 *
 * @packageDocumentation
 */
export { readIdentityConfig, type IdentityConfig } from './config';
export {
  resolveOwnershipEntityRefs,
  isPlatformAdmin,
  ownsEntity,
  type LoadEntities,
} from './ownership';
export {
  OwnershipPolicy,
  ownedEntityDecision,
  entityReadDecision,
  VISIBILITY_ANNOTATION,
  OWNERS_ONLY,
} from './policy';
export { PERMISSION_RULES, type PermissionRule } from './permissionRules';
export {
  readAuditRetentionDays,
  readAuditRetentionSchedule,
  scheduleAuditRetention,
  DEFAULT_AUDIT_RETENTION_SCHEDULE,
  DEFAULT_AUDIT_RETENTION_DAYS,
  MIN_AUDIT_RETENTION_DAYS,
  MAX_AUDIT_RETENTION_DAYS,
} from './auditRetention';
export {
  readAuditPage,
  pruneInBatches,
  AUDIT_PRUNE_BATCH_SIZE,
  type AuditPage,
} from './auditTable';
export {
  OnBehalfClient,
  OnBehalfTokens,
  TOKEN_REUSE_MS,
  callPluginAsService,
  createPluginCallsServiceRef,
  uncompressedFetchApi,
  type PluginCallDeps,
  type ServiceCallDeps,
} from './pluginCalls';
