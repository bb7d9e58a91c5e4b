import {
  prefetchEntity,
  type ViewLinkBehaviour,
} from '@atrium/plugin-graphql-react';
import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { getAtriumApollo } from './apollo';

/** What the views' entity links do in the app: prefetch on hover and focus, navigate without a page load. */
export function useViewLinks(): Required<ViewLinkBehaviour> {
  const navigate = useNavigate();
  return useMemo(
    () => ({
      onPrefetch: ref => prefetchEntity(getAtriumApollo(), ref),
      onNavigate: (path, event) => {
        event.preventDefault();
        navigate(path);
      },
    }),
    [navigate],
  );
}
