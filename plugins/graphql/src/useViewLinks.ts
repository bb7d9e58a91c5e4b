import {
  matchSsrPage,
  prefetchEntity,
  type ViewLinkBehaviour,
} from '@atrium/plugin-graphql-react';
import { startTransition, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { getAtriumApollo } from './apollo';
import { showEntityInLayer } from './layerStore';

/** How long a page change waits for the layer's frame at most (a hidden tab paints no frames). */
const PAINT_WAIT_MAX_MS = 100;

/**
 * Runs `fn` once the browser has painted its next frame (a task after the frame's callback), or after
 * `PAINT_WAIT_MAX_MS` when no frame comes.
 */
function afterNextPaint(fn: () => void): void {
  let fallback: ReturnType<typeof setTimeout> | undefined = undefined;
  const run = () => {
    if (fallback === undefined) return;
    clearTimeout(fallback);
    fallback = undefined;
    fn();
  };
  fallback = setTimeout(run, PAINT_WAIT_MAX_MS);
  requestAnimationFrame(() => setTimeout(run, 0));
}

/**
 * What the views' entity links do in the app: prefetch on hover and focus, navigate without a page load. An
 * entity whose overview is in the cache is shown at once in the navigation layer, and the route changes only
 * after the layer is painted. A transition was not enough: the router's update was rendered in the layer's
 * synchronous pass (the old page unmounted, the next one's shell rendered), so the layer's first frame waited
 * for both, and that grew with the page left behind (in-app navigation from Home at 15k entities: 446 ms;
 * issue 16).
 */
export function useViewLinks(): Required<ViewLinkBehaviour> {
  const navigate = useNavigate();
  return useMemo(
    () => ({
      onPrefetch: ref => prefetchEntity(getAtriumApollo(), ref),
      onNavigate: (path, event) => {
        event.preventDefault();
        const page = matchSsrPage(path);
        if (page?.page === 'entity' && showEntityInLayer(page.ref)) {
          afterNextPaint(() => startTransition(() => navigate(path)));
        } else {
          navigate(path);
        }
      },
    }),
    [navigate],
  );
}
