/**
 * What Atrium's typed clients of its backend plugins share (ComputeClient, HomeLayoutClient, TimelineClient,
 * ReviewsClient, OperationsClient): discovery, the caller's token, JSON, ResponseError, and query strings; and
 * safeHref, the one check of which URLs Atrium's views render as links (http, https, mailto).
 *
 * @packageDocumentation
 */
export {
  PluginApiClient,
  type PluginApiClientOptions,
  type PluginApiRequest,
} from './PluginApiClient';
export { queryString, type QueryParams } from './queryString';
export { linkProtocol, safeHref, SAFE_LINK_PROTOCOLS } from './safeHref';
