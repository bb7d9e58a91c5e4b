import {
  createExtensionPoint,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  TimelineEvent,
  TimelineEventKind,
} from '@atrium/plugin-timeline-common';

/** What the timeline asks a source for. */
export interface TimelineSourceQuery {
  /** Events at or after this instant... */
  from: Date;
  /** ...and at or before this one. */
  to: Date;
  /** The most events the page shows: return at most this many, the newest. */
  limit: number;
  /** The kinds asked for that this source declared; the timeline drops any other kind anyway. */
  kinds: TimelineEventKind[];
  /** The caller's credentials: read on their behalf, so that they only see what they may. */
  credentials: BackstageCredentials;
  /** The entity, as the caller may see it in the catalog (already checked to exist and be visible). */
  entity: Entity;
  /** Aborted when the timeline stops waiting (the source took too long); pass it on to HTTP calls. */
  signal: AbortSignal;
}

/**
 * A source's answer: its events (any order; `id` unique within the source), and optionally what it could not
 * read (e.g. one unreachable cluster of several), shown beside the events as the source's errors.
 */
export type TimelineSourceResult =
  | Array<Omit<TimelineEvent, 'source'>>
  | { items: Array<Omit<TimelineEvent, 'source'>>; errors?: string[] };

/** A source of timeline events. */
export interface TimelineSource {
  /** Short and stable (`compute`, `catalog`, `alerts`): it prefixes event ids and names the source in errors. */
  id: string;
  /** The kinds it may report; it is only asked when one of them is. */
  kinds: TimelineEventKind[];
  /**
   * The events of one entity (`kind:namespace/name`, lower case) in the query's range. A source that throws,
   * or takes longer than the timeline waits (3 s by default), is reported in the page's errors; the other
   * sources' events are still shown.
   */
  list(
    entityRef: string,
    query: TimelineSourceQuery,
  ): Promise<TimelineSourceResult>;
}

export interface TimelineSourcesExtensionPoint {
  addSource(source: TimelineSource): void;
}

/**
 * Lets backend modules of the `timeline` plugin add sources of events to every entity's timeline, e.g. the
 * operations plugin's alerts firing and resolving:
 *
 * ```ts
 * createBackendModule({
 *   pluginId: 'timeline',
 *   moduleId: 'alerts',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { timeline: timelineSourcesExtensionPoint },
 *       async init({ timeline }) {
 *         timeline.addSource({ id: 'alerts', kinds: ['alert-firing', 'alert-resolved'], list: ... });
 *       },
 *     });
 *   },
 * });
 * ```
 */
export const timelineSourcesExtensionPoint =
  createExtensionPoint<TimelineSourcesExtensionPoint>({
    id: 'timeline.sources',
  });
