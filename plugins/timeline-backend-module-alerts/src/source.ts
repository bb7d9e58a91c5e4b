import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { AlertEvent } from '@atrium/plugin-operations-common';
import type { OperationsService } from '@atrium/plugin-operations-node';
import type { TimelineSource } from '@atrium/plugin-timeline-node';

/** The operations plugin keeps alert events for a range of at most this long per read. */
const MAX_RANGE_MS = 31 * 24 * 3600 * 1000;

/** An alert's transition as a timeline event. */
export function toTimelineEvent(event: AlertEvent) {
  const severity =
    event.severity && event.severity !== 'none' ? ` (${event.severity})` : '';
  return {
    id: String(event.id),
    kind:
      event.type === 'fired'
        ? ('alert-firing' as const)
        : ('alert-resolved' as const),
    at: event.occurredAt,
    title: `${event.name}${severity} ${
      event.type === 'fired' ? 'fired' : 'resolved'
    }`,
    detail: event.summary || undefined,
  };
}

/**
 * The `alerts` source: a component's alerts firing and resolving, as the operations plugin recorded them from
 * Alertmanager, read on the caller's behalf.
 */
export function alertsSource(deps: {
  operations: Pick<OperationsService, 'getAlertEvents'>;
}): TimelineSource {
  return {
    id: 'alerts',
    kinds: ['alert-firing', 'alert-resolved'],
    async list(entityRef, query) {
      const ref = parseEntityRef(entityRef);
      if (ref.kind.toLocaleLowerCase('en-US') !== 'component') return [];
      const from = new Date(
        Math.max(query.from.getTime(), query.to.getTime() - MAX_RANGE_MS),
      );
      let events: AlertEvent[];
      try {
        events = await deps.operations.getAlertEvents(
          ref,
          { from, to: query.to },
          {
            credentials: query.credentials as BackstageCredentials,
            signal: query.signal,
          },
        );
      } catch (error) {
        // The operations plugin's own reason (e.g. the component's alert-matchers annotation with a regex RE2
        // refuses, named), not only "Request failed with 400", so the timeline's errors say what to fix.
        const reason = (error as { body?: { error?: { message?: unknown } } })
          ?.body?.error?.message;
        if (typeof reason === 'string' && reason !== '')
          throw new Error(reason);
        throw error;
      }
      return events.map(toTimelineEvent);
    },
  };
}
