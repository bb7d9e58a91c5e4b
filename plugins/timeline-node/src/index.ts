/**
 * Atrium's service timeline for backend modules: the extension point through which a plugin adds its events
 * (alerts firing and resolving, ...) to every entity's timeline.
 *
 * @packageDocumentation
 */
export {
  timelineSourcesExtensionPoint,
  type TimelineSource,
  type TimelineSourceQuery,
  type TimelineSourceResult,
  type TimelineSourcesExtensionPoint,
} from './extensions';
