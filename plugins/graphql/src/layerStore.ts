import {
  entityId,
  matchSsrPage,
  readCachedOverview,
  type EntityOverviewData,
} from '@atrium/plugin-graphql-react';
import { getAtriumApollo } from './apollo';

/** What the navigation layer shows (`NavigationLayer`): one entity being opened, or nothing. */
export interface Transition {
  /** The entity being opened: its id (lower-case ref). */
  id: string;
  data: EntityOverviewData;
  /** When it was opened (ms since the epoch). */
  since: number;
  /** Where the app's content area starts, so the sidebar stays visible and usable. */
  left: number;
}

let current: Transition | undefined;
const listeners = new Set<() => void>();

export function setLayer(next: Transition | undefined) {
  current = next;
  listeners.forEach(listener => listener());
}

export function subscribeToLayer(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Shows the entity's overview in the navigation layer when the Apollo cache holds all of it and it is not the
 * page the app is on (`fromPath`); says whether it did. The caller then navigates to the entity's page.
 */
export function showEntityInLayer(
  ref: string,
  fromPath = window.location.pathname,
): boolean {
  const id = entityId(ref);
  if (current?.id === id) return true;
  // Its page is the one shown: nothing will load, and nothing would tell the layer to step aside.
  const here = matchSsrPage(fromPath);
  if (here?.page === 'entity' && entityId(here.ref) === id) return false;
  const data = readCachedOverview(getAtriumApollo(), id);
  if (!data?.entity) return false;
  const left = document.querySelector('main')?.getBoundingClientRect().left;
  setLayer({ id, data, since: Date.now(), left: Math.max(0, left ?? 0) });
  return true;
}

export function currentLayer(): Transition | undefined {
  return current;
}
