/**
 * The operations part of Atrium's GraphQL gateway: `Viewer.openAlerts`, the alerts firing now on the services
 * the viewer's teams own (Home's "My open alerts"), from plugins/operations-backend.
 *
 * @packageDocumentation
 */
export { graphqlModuleOperations as default } from './module';
export {
  MAX_OPEN_ALERTS,
  MY_SERVICES,
  OPEN_ALERTS_MAX_AGE_SECONDS,
  openAlertsSchema,
  OpenAlertsUnavailableError,
  type OpenAlertsSource,
} from './schema';
