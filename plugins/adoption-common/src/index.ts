/**
 * Atrium adoption analytics and NPS: the API's types, the read permissions, NPS maths and `AdoptionClient`.
 *
 * @packageDocumentation
 */
export * from './api';
export { AdoptionClient, type AdoptionRequestOptions } from './client';
export {
  adoptionReadPermission,
  adoptionCommentsReadPermission,
  adoptionPermissions,
} from './permissions';
export {
  computeNps,
  npsCategory,
  npsFromCounts,
  type NpsCategory,
  type NpsFigures,
} from './nps';
