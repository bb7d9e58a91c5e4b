/**
 * Catalog reads on behalf of a caller for backend plugins: each answer kept a few seconds per caller and
 * entity, concurrent reads of it shared, and one caller's refs of one tick read in one request.
 *
 * @packageDocumentation
 */
export { CallerCatalog } from './CallerCatalog';
export {
  DISPLAY_NAME_FIELDS,
  displayNamesOf,
  entityDisplayName,
  entityRefName,
} from './displayNames';
