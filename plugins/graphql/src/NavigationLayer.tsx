import {
  entityId,
  EntityOverview,
  LAYER_BACKGROUND,
  matchSsrPage,
  stepAsideWhenReady,
} from '@atrium/plugin-graphql-react';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { useLocation } from 'react-router-dom';
import {
  currentLayer,
  setLayer,
  showEntityInLayer,
  subscribeToLayer,
} from './layerStore';
import { useViewLinks } from './useViewLinks';

/**
 * The entity a click is taking the app to, when the router took the click (it prevented the page load) and the
 * link goes to an entity's page within the app.
 */
function inAppEntityTarget(event: MouseEvent): string | undefined {
  if (!event.defaultPrevented || event.button !== 0) return undefined;
  const anchor = (event.target as Element | null)?.closest?.('a[href]');
  if (!anchor) return undefined;
  const url = new URL((anchor as HTMLAnchorElement).href, window.location.href);
  if (url.origin !== window.location.origin) return undefined;
  const target = matchSsrPage(url.pathname);
  return target?.page === 'entity' ? target.ref : undefined;
}

/**
 * In-app navigation to an entity whose overview is already in the Apollo cache (prefetched on hover, or read
 * before) shows that overview at once, in a layer over the content area, while Backstage's entity page loads its
 * code beneath (a waterfall of lazily loaded chunks that takes about a second). The page's overview card
 * renders the same view from the same cache and announces itself; the layer then steps aside. It is the
 * in-app twin of the server-rendered layer (`hydrateServerRenderedPage`), and steps aside on the same terms:
 * when the page is ready, when the app goes elsewhere, or after `LAYER_MAX_MS`.
 *
 * Atrium's own entity links open the layer themselves (`useViewLinks`); any other link the router takes
 * (Backstage's catalog table, search results) opens it from a click listener on the document.
 */
export function NavigationLayer() {
  const location = useLocation();
  const links = useViewLinks();
  const shown = useSyncExternalStore(subscribeToLayer, currentLayer);
  const arrived = useRef(false);

  useEffect(() => {
    // The router changes the URL while it handles the click, so where the click was made is noted before.
    let fromPath = window.location.pathname;
    const beforeClick = () => {
      fromPath = window.location.pathname;
    };
    // On the document, after React's own handlers (which listen on the app's root element): by then the
    // router has taken the click or let it through.
    const onClick = (event: MouseEvent) => {
      const ref = inAppEntityTarget(event);
      if (ref) showEntityInLayer(ref, fromPath);
    };
    document.addEventListener('click', beforeClick, true);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('click', beforeClick, true);
      document.removeEventListener('click', onClick);
    };
  }, []);

  // Arriving at the entity's path is expected; moving on from it (or never arriving) ends the layer.
  useEffect(() => {
    if (!shown) {
      arrived.current = false;
      return;
    }
    const here = matchSsrPage(location.pathname);
    if (here?.page === 'entity' && entityId(here.ref) === shown.id) {
      arrived.current = true;
    } else if (arrived.current) {
      setLayer(undefined);
    }
  }, [location.pathname, shown]);

  useEffect(() => {
    if (!shown) return undefined;
    let frame = 0;
    const hide = () => {
      if (currentLayer() === shown) setLayer(undefined);
    };
    const stopWaiting = stepAsideWhenReady({
      page: shown.id,
      since: shown.since,
      stepAside: reason => {
        // The page is there: unmount after its frame is painted, so nothing blinks in between.
        if (reason === 'announced') frame = requestAnimationFrame(hide);
        else hide();
      },
    });
    return () => {
      stopWaiting();
      cancelAnimationFrame(frame);
    };
  }, [shown]);

  if (!shown) return null;
  return createPortal(
    <div
      data-testid="atrium-navigation-layer"
      style={{
        position: 'fixed',
        top: 0,
        bottom: 0,
        right: 0,
        left: shown.left,
        zIndex: 1000,
        overflow: 'auto',
        padding: 24,
        boxSizing: 'border-box',
        background: LAYER_BACKGROUND,
      }}
    >
      <EntityOverview data={shown.data} {...links} />
    </div>,
    document.body,
  );
}
