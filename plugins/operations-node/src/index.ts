/**
 * Atrium operations for other backend plugins (the GraphQL gateway's open alerts, the timeline's alerts): a
 * service that reads alerts with the caller's credentials, so the operations backend still applies what the
 * caller may see.
 *
 * @packageDocumentation
 */
export {
  operationsServiceRef,
  HttpOperationsService,
  type OperationsService,
} from './service';
