import {
  matchSsrPage,
  prefetchEntity,
  type ViewLinkBehaviour,
} from '@atrium/plugin-graphql-react';
import { startTransition, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { getAtriumApollo } from './apollo';
import { showEntityInLayer } from './layerStore';

/**
 * What the views' entity links do in the app: prefetch on hover and focus, navigate without a page load. An
 * entity whose overview is in the cache is shown at once in the navigation layer; the route then changes as a
 * transition, so React paints the layer first and renders the next page in the background, instead of
 * holding the frame until the page's shell is rendered.
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
          startTransition(() => navigate(path));
        } else {
          navigate(path);
        }
      },
    }),
    [navigate],
  );
}
