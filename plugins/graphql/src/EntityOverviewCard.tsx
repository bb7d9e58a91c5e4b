import { useQuery } from '@apollo/client/react';
import {
  announcePageReady,
  ENTITY_OVERVIEW_QUERY,
  EntityOverview,
  entityId,
  type EntityOverviewData,
} from '@atrium/plugin-graphql-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useEffect } from 'react';
import { useViewLinks } from './useViewLinks';

/**
 * The entity's overview read through the gateway in one round trip: about, owner and members, relations and,
 * for components, workloads. On a server-rendered page the data is already in the cache, so this renders at
 * once and tells the server's content to step aside. Links prefetch on hover and focus and navigate in the app.
 */
export function EntityOverviewCard() {
  const { entity } = useEntity();
  const ref = entityId(stringifyEntityRef(entity));
  const links = useViewLinks();
  const { data, error, loading } = useQuery<EntityOverviewData>(
    ENTITY_OVERVIEW_QUERY,
    { variables: { ref } },
  );
  const shown = Boolean(data);
  useEffect(() => {
    if (shown) announcePageReady(ref);
  }, [shown, ref]);

  if (data) {
    return <EntityOverview data={data} {...links} />;
  }
  if (error) return <ResponseErrorPanel error={error} />;
  return loading ? <Progress /> : null;
}
