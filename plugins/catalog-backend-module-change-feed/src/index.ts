/**
 * The catalog's change feed: what was stitched or removed since a cursor, at `/api/catalog/atrium/changes`
 * for service callers (`catalogChangeFeedServiceRef` in `@atrium/plugin-catalog-change-feed-node`).
 *
 * @packageDocumentation
 */
export { catalogModuleChangeFeed as default } from './module';
export { CatalogChangeLog, CHANGES_TABLE } from './ChangeLog';
