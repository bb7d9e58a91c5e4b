import type { ApolloClient } from '@apollo/client';
import {
  createElement as h,
  Fragment,
  useEffect,
  type ReactElement,
} from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import {
  catalogListVariables,
  parseCatalogSearch,
  type CatalogListData,
} from './catalogList';
import {
  CATALOG_LIST_QUERY,
  ENTITY_OVERVIEW_QUERY,
  HOME_QUERY,
  type EntityOverviewData,
  type HomeData,
} from './queries';
import { matchSsrPage } from './refs';
import { SSR_ROOT_ID } from './state';
import { CatalogList } from './views/CatalogList';
import { EntityOverview } from './views/EntityOverview';
import { HomeOverview } from './views/HomeOverview';

/** Renders nothing; once React has hydrated the server's content, it records that on `window` (for tests). */
function HydrationMark(props: { page: string }) {
  useEffect(() => {
    (globalThis as { __atriumHydrated?: string }).__atriumHydrated = props.page;
  }, [props.page]);
  return null;
}

function hydrate(element: Element, page: string, view: ReactElement): Root {
  return hydrateRoot(
    element,
    h(Fragment, null, view, h(HydrationMark, { page })),
    {
      // A mismatch between the server's markup and the browser's first render is a bug: say so loudly.
      onRecoverableError: error =>
        // eslint-disable-next-line no-console -- browser-only diagnostic; the page has no logger
        console.error('Hydration of the server-rendered page failed', error),
    },
  );
}

/** The longest the server's content stays above the app when the app's page does not announce itself. */
export const LAYER_MAX_MS = 10_000;

/**
 * Fired by the app's page once it shows the same content from the same cache. Its `detail` names the page:
 * the entity's id (its lower-case ref), `home` or `catalog`.
 */
export const PAGE_READY_EVENT = 'atrium:page-ready';

let lastAnnouncement: { page: string; at: number } | undefined;

export function announcePageReady(page: string): void {
  lastAnnouncement = { page, at: Date.now() };
  globalThis.dispatchEvent?.(
    new CustomEvent(PAGE_READY_EVENT, { detail: page }),
  );
}

/**
 * Whether `page` announced itself at or after `since` (ms since the epoch). A layer that starts listening
 * after the page may already have rendered (React runs the page's effects before a later sibling's) asks this
 * first.
 */
export function pageAnnouncedSince(page: string, since: number): boolean {
  return (
    lastAnnouncement !== undefined &&
    lastAnnouncement.page === page &&
    lastAnnouncement.at >= since
  );
}

/** The page a `PAGE_READY_EVENT` announced. */
export function announcedPage(event: Event): string | undefined {
  const detail = (event as CustomEvent<unknown>).detail;
  return typeof detail === 'string' ? detail : undefined;
}

/** Why a layer steps aside: its page announced itself, or it waited `LAYER_MAX_MS`. */
export type StepAsideReason = 'announced' | 'deadline';

/** What {@link stepAsideWhenReady} waits for, and what it calls. */
export interface StepAsideOptions {
  /** The page whose announcement ends the layer (`home` or an entity's id); any page's when left out. */
  page?: string;
  /**
   * When the layer was shown (ms since the epoch). With `page`, an announcement of that page made since then,
   * before this call, counts too: the page may have rendered before the layer started to listen.
   */
  since?: number;
  /** Called once, when the layer should step aside. */
  stepAside(reason: StepAsideReason): void;
}

/**
 * The terms on which a layer over the app (the server-rendered content, the navigation layer) steps aside:
 * when the app's page announces that it shows the same content (`announcePageReady`), or after
 * `LAYER_MAX_MS`, since the app may never show that page (the session ended and it asks to sign in again, or
 * its page failed) and a layer must not hide it for long. Returns a function that stops waiting; it is
 * harmless after the layer stepped aside.
 */
export function stepAsideWhenReady(options: StepAsideOptions): () => void {
  const { page, since, stepAside } = options;
  if (
    page !== undefined &&
    since !== undefined &&
    pageAnnouncedSince(page, since)
  ) {
    stepAside('announced');
    return () => {};
  }
  let waiting = true;
  const onReady = (event: Event) => {
    if (page === undefined || announcedPage(event) === page) {
      finish('announced');
    }
  };
  globalThis.addEventListener?.(PAGE_READY_EVENT, onReady);
  const deadline = setTimeout(() => finish('deadline'), LAYER_MAX_MS);
  const stop = () => {
    waiting = false;
    globalThis.removeEventListener?.(PAGE_READY_EVENT, onReady);
    clearTimeout(deadline);
  };
  function finish(reason: StepAsideReason) {
    if (!waiting) return;
    stop();
    stepAside(reason);
  }
  return stop;
}

/**
 * Hydrates the server-rendered content (React attaches to the server's markup and makes its links live) from
 * the cache state the server embedded: the data is read from the cache synchronously, so the first render
 * matches the server's and nothing is fetched. When the app's own page announces that it is ready, the
 * server's content steps aside. Returns false when the page has no server-rendered content.
 */
export function hydrateServerRenderedPage(
  client: ApolloClient,
  doc: Document,
  onPrefetch?: (ref: string) => void,
): boolean {
  const element = doc.getElementById(SSR_ROOT_ID);
  const page = matchSsrPage(doc.location.pathname);
  if (!element || !page) {
    element?.remove();
    return false;
  }
  let root: Root | undefined;
  if (page.page === 'home') {
    const data = client.readQuery<HomeData>({ query: HOME_QUERY });
    if (data) {
      root = hydrate(element, 'home', h(HomeOverview, { data, onPrefetch }));
    }
  } else if (page.page === 'catalog') {
    const state = parseCatalogSearch(doc.location.search);
    const data = client.readQuery<CatalogListData>({
      query: CATALOG_LIST_QUERY,
      variables: catalogListVariables(state),
    });
    if (data) {
      // The heading the server rendered (the organisation's name is the app's config, not yet loaded here).
      const title = element.getAttribute('data-title') ?? '';
      root = hydrate(
        element,
        'catalog',
        h(CatalogList, { data, state, title, onPrefetch }),
      );
    }
  } else {
    const data = client.readQuery<EntityOverviewData>({
      query: ENTITY_OVERVIEW_QUERY,
      variables: { ref: page.ref },
    });
    if (data) {
      root = hydrate(
        element,
        'entity',
        h(EntityOverview, { data, onPrefetch }),
      );
    }
  }
  // Any page's announcement ends it: the first page the app shows is this one, unless the user moved on.
  stepAsideWhenReady({
    stepAside: () => {
      // Unmount after the app's frame is painted, so nothing blinks in between.
      setTimeout(() => {
        root?.unmount();
        element.remove();
      }, 0);
    },
  });
  return root !== undefined;
}
