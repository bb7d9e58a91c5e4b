/**
 * Only http, https and mailto links in the catalog: a processor that refuses any other link of an entity with a
 * processing error naming the field.
 *
 * @packageDocumentation
 */
export { catalogModuleSafeLinks as default } from './module';
export {
  SafeLinksProcessor,
  linkFields,
  unsafeLinkProblem,
} from './SafeLinksProcessor';
