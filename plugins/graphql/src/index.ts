/**
 * Atrium's GraphQL gateway in the app: the Apollo Client, the entity overview card, the catalog list (in place
 * of Backstage's catalog index page), and the app-root wrapper that provides them.
 *
 * @packageDocumentation
 */
export { default, graphqlAppModule, entityOverviewCard } from './plugin';
export { getAtriumApollo, configureAtriumApollo } from './apollo';
export { EntityOverviewCard } from './EntityOverviewCard';
export { HomeOverviewBlock } from './HomeOverviewBlock';
export {
  catalogPrefetchModule,
  prefetchCatalogEntity,
} from './catalogPrefetch';
export { catalogListModule } from './catalogList/module';
