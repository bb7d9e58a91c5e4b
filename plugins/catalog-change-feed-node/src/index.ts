/**
 * The catalog's change feed for other backend plugins: which entities appeared, changed or went away since a
 * cursor, so that a poll costs what changed rather than the size of the catalog.
 *
 * @packageDocumentation
 */
export {
  catalogChangeFeedServiceRef,
  CatalogChangeFeedClient,
  CHANGE_FEED_PATH,
  type CatalogChangeFeed,
  type CatalogChangePage,
} from './feed';
