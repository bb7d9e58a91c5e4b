/**
 * The timeline backend's REST API (`/api/timeline`): one chronological view per catalog entity of what happened
 * to it. The OpenAPI spec of the same API is `plugins/timeline-backend/src/schema/openapi.yaml`;
 * `TimelineClient` is its typed client.
 */

/** Every kind of event the timeline knows, in the order a filter shows them. */
export const TIMELINE_EVENT_KINDS = [
  'deploy',
  'rollback',
  'restart',
  'scale',
  'action',
  'alert-firing',
  'alert-resolved',
  'catalog-change',
] as const;

export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number];

export function isTimelineEventKind(
  value: unknown,
): value is TimelineEventKind {
  return (
    typeof value === 'string' &&
    (TIMELINE_EVENT_KINDS as readonly string[]).includes(value)
  );
}

/** One thing that happened to an entity. */
export interface TimelineEvent {
  /** Unique within the timeline: the source's id, a colon, and the source's own id of the event. */
  id: string;
  kind: TimelineEventKind;
  /** When it happened (ISO 8601). */
  at: string;
  /** One line, e.g. `Deployed 2.5.0 to payments-gateway in sim-eu-west`. */
  title: string;
  /** More, e.g. `replicas 2 → 4` or `spec.owner: team-fleet`. */
  detail?: string;
  /** Who did it: a user's entity ref, when known. */
  actor?: string;
  cluster?: string;
  app?: string;
  /** For actions: `succeeded`, `failed` or `denied`. */
  result?: string;
  /** The source that reported it, e.g. `compute`, `catalog`. */
  source?: string;
}

/** A source that could not answer (in time); the page still holds every other source's events. */
export interface TimelineSourceError {
  source: string;
  message: string;
}

export interface TimelinePage {
  /** Newest first. */
  items: TimelineEvent[];
  errors: TimelineSourceError[];
}

export interface TimelineQuery {
  /** Only these kinds (all by default). */
  kinds?: TimelineEventKind[];
  /** ISO 8601; default 7 days before `to`. */
  from?: string;
  /** ISO 8601; default now. */
  to?: string;
  /** 1 to 500, default 200. */
  limit?: number;
}

/** Limits the API enforces. */
export const TIMELINE_LIMITS = {
  defaultLimit: 200,
  maxLimit: 500,
  defaultRangeDays: 7,
} as const;
