import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  TimelineEventKind,
  TimelinePage,
} from '@atrium/plugin-timeline-common';

/** What a timeline request asks for: the kinds of events, a time range, and at most how many. */
export interface TimelineRequest {
  kinds: TimelineEventKind[];
  from: Date;
  to: Date;
  limit: number;
}

/**
 * An entity's events, newest first, merged from every source that may report a kind asked; a source that
 * fails or is late is named in the page's errors. `Timeline` implements it.
 */
export interface TimelineService {
  list(
    entity: Entity,
    entityRef: string,
    request: TimelineRequest,
    credentials: BackstageCredentials,
  ): Promise<TimelinePage>;
}

/**
 * The entity a request starts from, read on the caller's behalf: undefined when it is not in the catalog or the
 * caller may not see it. `CallerCatalog` (catalog-reads-node) implements it.
 */
export interface TimelineEntities {
  getEntityByRef(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined>;
}
