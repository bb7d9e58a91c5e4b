/**
 * Atrium's service timeline on the server, at `/api/timeline`: an entity's deploys, rollbacks, scaling, audited
 * actions and catalog changes in one chronological view, and more sources through
 * `@atrium/plugin-timeline-node`.
 *
 * @packageDocumentation
 */
export { timelinePlugin as default } from './plugin';
export {
  CatalogChangeRecorder,
  changedPaths,
  fingerprintOf,
} from './sources/CatalogChangeRecorder';
