/**
 * Atrium's GraphQL gateway on the frontend and for server-side rendering: the Apollo Client with Atrium's cache
 * policies, the critical pages' queries and pure views (rendered alike by the server and the browser),
 * hydration of the server-rendered content, and prefetching.
 *
 * @packageDocumentation
 */
export { createAtriumApolloClient, createAtriumCache } from './client';
export type { AtriumApolloOptions } from './client';
export {
  CATALOG_LIST_QUERY,
  CHECKLIST_QUERY,
  ENTITY_OVERVIEW_QUERY,
  HOME_QUERY,
  REVIEWS_QUERY,
  OPEN_ALERTS_QUERY,
  type OpenAlertBrief,
  type OpenAlertsData,
  type PullRequestBrief,
  type ReviewsData,
  RECENT_DEPLOYS_QUERY,
  type RecentDeploysData,
  type ChecklistData,
  type EntityBrief,
  type EntityOverviewData,
  type HomeData,
  type ComputeAppBrief,
} from './queries';
export {
  entityId,
  entityPath,
  matchSsrPage,
  parseFullRef,
  type SsrPage,
} from './refs';
export {
  APOLLO_STATE_ID,
  SSR_ROOT_ID,
  readEmbeddedState,
  serializeForScript,
} from './state';
export {
  prefetchCatalogList,
  prefetchEntity,
  prefetchOnIdle,
  readCachedOverview,
} from './prefetch';
export {
  DEFAULT_CATALOG_STATE,
  catalogListVariables,
  catalogPath,
  catalogSearch,
  parseCatalogSearch,
  type CatalogListData,
  type CatalogListItem,
  type CatalogListState,
  type CatalogListVariables,
} from './catalogList';
export {
  announcePageReady,
  announcedPage,
  hydrateServerRenderedPage,
  LAYER_MAX_MS,
  PAGE_READY_EVENT,
  pageAnnouncedSince,
  stepAsideWhenReady,
  type StepAsideOptions,
  type StepAsideReason,
} from './island';
export {
  EntityOverview,
  EntityLink,
  displayName,
  type ViewLinkBehaviour,
} from './views/EntityOverview';
export { HomeOverview } from './views/HomeOverview';
export {
  CatalogList,
  CATALOG_CSS,
  type CatalogListViewProps,
} from './views/CatalogList';
export { withFilter, type CatalogViewBehaviour } from './views/CatalogFilters';
export { LAYER_BACKGROUND, VIEW_CSS } from './views/styles';
