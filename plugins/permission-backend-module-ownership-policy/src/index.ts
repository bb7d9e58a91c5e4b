/**
 * Atrium's permission policy, as a module of Backstage's permission backend.
 *
 * @packageDocumentation
 */
export { permissionModuleOwnershipPolicy as default } from './module';
