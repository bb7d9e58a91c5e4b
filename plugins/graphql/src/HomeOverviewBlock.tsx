import { useQuery } from '@apollo/client/react';
import {
  announcePageReady,
  HOME_QUERY,
  HomeOverview,
  prefetchOnIdle,
  type HomeData,
} from '@atrium/plugin-graphql-react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEffect } from 'react';
import { useViewLinks } from './useViewLinks';
import { getAtriumApollo } from './apollo';

/**
 * Home's personal part read through the gateway (who I am, my teams, my services): what the server renders
 * for Home, rendered again by the app from the same cache. When the browser is idle it prefetches the
 * overviews of the user's own services, so opening one renders at once.
 */
export function HomeOverviewBlock() {
  const links = useViewLinks();
  const { data, error, loading } = useQuery<HomeData>(HOME_QUERY);
  const refs = data?.viewer.owned.items.map(i => i.ref).join('\n');
  useEffect(() => {
    if (!refs) return undefined;
    announcePageReady('home');
    return prefetchOnIdle(getAtriumApollo(), refs.split('\n'));
  }, [refs]);

  if (data) {
    return <HomeOverview data={data} {...links} />;
  }
  if (error) return <ResponseErrorPanel error={error} />;
  return loading ? <Progress /> : null;
}
