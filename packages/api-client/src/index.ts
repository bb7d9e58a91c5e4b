/**
 * What Atrium's typed clients of its backend plugins share (ComputeClient, HomeLayoutClient, TimelineClient,
 * ReviewsClient): discovery, the caller's token, JSON, and ResponseError.
 *
 * @packageDocumentation
 */
export {
  PluginApiClient,
  type PluginApiClientOptions,
  type PluginApiRequest,
} from './PluginApiClient';
