/**
 * Placeholder resolution for file-located catalog entities.
 *
 * @packageDocumentation
 */
export { catalogModuleLocalFiles as default } from './module';
export {
  textPlaceholderResolver,
  resolveLocalPath,
  isLocalBase,
} from './resolveText';
