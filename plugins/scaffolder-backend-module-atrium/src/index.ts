/**
 * Atrium's scaffolder actions for the "Service on Atrium compute" template (demo/templates/atrium-service):
 * `atrium:git:publish`, `atrium:compute:create-app`, `atrium:compute:deploy` and `atrium:service:rollback`.
 *
 * @packageDocumentation
 */
export { scaffolderModuleAtrium as default } from './module';
