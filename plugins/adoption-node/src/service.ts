import {
  callPluginAsService,
  createPluginCallsServiceRef,
  type ServiceCallDeps,
} from '@atrium/plugin-identity-node';
import type {
  AdoptionEvent,
  PostEventsResponse,
} from '@atrium/plugin-adoption-common';

/** An event a backend plugin records; the timestamp defaults to now. */
export type ServerAdoptionEvent = Omit<AdoptionEvent, 'timestamp'> & {
  timestamp?: string;
};

/**
 * Who the events are for: a user (`user:default/alice`), or `null` for events no user made, which a system
 * found (the new-service funnel's first alert rule, found by operations in Prometheus' rules). Null is said
 * explicitly, never implied by a missing user, so a caller that forgot the user is still refused.
 */
export interface RecordOptions {
  userEntityRef: string | null;
}

/** Records Atrium's own usage events (compute actions, approvals, template runs, funnel steps). */
export interface AdoptionEventsService {
  /**
   * Stores the events as the user's, with their teams, like the events the app sends; with `userEntityRef:
   * null`, as no one's: kept for the funnel's figures and counted in no per-user figure (active users, teams,
   * viewers). Rejects when the adoption backend refuses or cannot be reached; callers recording on the side of
   * their own work should catch and log.
   */
  record(
    events: ServerAdoptionEvent[],
    options: RecordOptions,
  ): Promise<PostEventsResponse>;
}

/** Sends the events to the adoption backend's `/server-events` with this plugin's service token. */
export class HttpAdoptionEventsService implements AdoptionEventsService {
  private readonly deps: ServiceCallDeps;

  constructor(
    auth: ServiceCallDeps['auth'],
    discovery: ServiceCallDeps['discovery'],
  ) {
    this.deps = { auth, discovery };
  }

  async record(
    events: ServerAdoptionEvent[],
    options: RecordOptions,
  ): Promise<PostEventsResponse> {
    if (events.length === 0) return { accepted: 0 };
    const now = new Date().toISOString();
    const response = await callPluginAsService(
      this.deps,
      'adoption',
      '/server-events',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          userEntityRef: options.userEntityRef,
          events: events.map(e => ({ ...e, timestamp: e.timestamp ?? now })),
        }),
      },
    );
    return (await response.json()) as PostEventsResponse;
  }
}

/** The adoption events service for backend plugins. */
export const adoptionEventsServiceRef =
  createPluginCallsServiceRef<AdoptionEventsService>(
    'atrium.adoption.events',
    HttpAdoptionEventsService,
  );
