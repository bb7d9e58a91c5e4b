import type { AnalyticsEvent } from '@backstage/frontend-plugin-api';
import type {
  AdoptionEvent,
  AdoptionEventContext,
} from '@atrium/plugin-adoption-common';

/** Longest text kept from a subject or a context value: a path with a long query, a pasted search. */
const MAX_TEXT = 500;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== ''
    ? value.slice(0, MAX_TEXT)
    : undefined;

/** The path part of a navigate event's subject (`/catalog?filters…` → `/catalog`). */
function pathOf(subject: string): string {
  const end = subject.search(/[?#]/);
  return end === -1 ? subject : subject.slice(0, end);
}

/** The catalog's entity pages: `/catalog/:namespace/:kind/:name` and their tabs. */
const ENTITY_PAGE = /^\/catalog\/([^/]+)\/([^/]+)\/([^/]+)(?:\/|$)/;

/** The entity whose page `path` is (`component:default/payments-gateway`), if it is one. */
export function entityRefOfPath(path: string | undefined): string | undefined {
  const match = path ? ENTITY_PAGE.exec(path) : null;
  if (!match) return undefined;
  try {
    const [namespace, kind, name] = match.slice(1).map(decodeURIComponent);
    return `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`;
  } catch {
    return undefined;
  }
}

/**
 * One of Backstage's analytics events as the adoption API stores it: where it happened (plugin, extension,
 * route, path, entity) and, for searches, the term; `now` stamps it. The path is the page the event happened on:
 * a navigate event's own subject, else the browser's location when it was captured. A page view of an entity's
 * page names the entity (the app's route tracker, outside the entity page, gives it no entity context).
 */
export function toAdoptionEvent(
  event: AnalyticsEvent,
  now: Date,
  currentPath?: string,
): AdoptionEvent {
  const ctx = event.context ?? ({} as AnalyticsEvent['context']);
  const subject = text(event.subject) ?? '';
  const path =
    event.action === 'navigate'
      ? pathOf(subject)
      : text(currentPath) && pathOf(currentPath!);
  const searchTerm =
    event.action === 'search' ? subject || undefined : text(ctx.searchTerm);

  const context: AdoptionEventContext = {
    pluginId: text(ctx.pluginId) ?? 'app',
  };
  const extension = text(ctx.extensionId) ?? text(ctx.extension);
  if (extension) context.extension = extension;
  const routeRef = text(ctx.routeRef);
  if (routeRef && routeRef !== 'unknown') context.routeRef = routeRef;
  if (path) context.path = path;
  const entityRef =
    text(ctx.entityRef) ??
    (event.action === 'navigate' ? entityRefOfPath(path) : undefined);
  if (entityRef) context.entityRef = entityRef;
  if (searchTerm) context.searchTerm = searchTerm.slice(0, MAX_TEXT);

  const adoptionEvent: AdoptionEvent = {
    action: text(event.action) ?? 'unknown',
    subject,
    context,
    timestamp: now.toISOString(),
  };
  if (event.attributes && Object.keys(event.attributes).length > 0) {
    adoptionEvent.attributes = Object.fromEntries(
      Object.entries(event.attributes).filter(
        ([, v]) =>
          typeof v === 'boolean' ||
          (typeof v === 'number' && Number.isFinite(v)) ||
          typeof v === 'string',
      ),
    );
  }
  if (typeof event.value === 'number' && Number.isFinite(event.value)) {
    adoptionEvent.value = event.value;
  }
  return adoptionEvent;
}
