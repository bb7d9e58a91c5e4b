/**
 * What the tests of Atrium's frontend plugins share (`@atrium/ui/testing`, for Jest tests only: it renders in
 * Backstage's test app): the component they show, a failed call as the clients throw it, and rendering content
 * of an entity's page with the permission questions answered.
 *
 * @packageDocumentation
 */
export { componentEntity, uniqueComponent } from './entities';
export { responseError } from './responseError';
export {
  PermissionAnswered,
  permissionApi,
  renderForEntity,
  type RenderForEntityOptions,
} from './renderForEntity';
