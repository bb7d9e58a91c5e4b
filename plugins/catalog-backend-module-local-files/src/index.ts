/**
 * Placeholder resolution for catalog entities: relative paths of file locations read beside the file, and
 * URLs through Backstage's URL reader.
 *
 * @packageDocumentation
 */
export { catalogModuleLocalFiles as default } from './module';
export {
  textPlaceholderResolver,
  jsonPlaceholderResolver,
  yamlPlaceholderResolver,
} from './resolvers';
export { resolveLocalPath, isLocalBase } from './localPath';
