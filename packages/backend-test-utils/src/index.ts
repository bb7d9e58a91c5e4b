/**
 * Test helpers shared by Atrium's backend plugins; a devDependency of their tests, never of their code.
 *
 * A plugin's router test checks that the router serves exactly the routes its OpenAPI spec describes:
 * `expect(servedRoutes(router)).toEqual(documentedRoutes(specPath))`.
 *
 * @packageDocumentation
 */
export {
  documentedRoutes,
  servedRoutes,
  type RouterWithRoutes,
} from './openapiRoutes';
export {
  executeContribution,
  type RecordedCacheHints,
} from './graphqlContribution';
