/**
 * What Atrium's typed clients of its backend plugins share (ComputeClient, HomeLayoutClient, TimelineClient,
 * ReviewsClient, OperationsClient): discovery, the caller's token, JSON, ResponseError, and query strings.
 *
 * @packageDocumentation
 */
export {
  PluginApiClient,
  type PluginApiClientOptions,
  type PluginApiRequest,
} from './PluginApiClient';
export { queryString, type QueryParams } from './queryString';
