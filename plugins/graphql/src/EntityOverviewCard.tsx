import { useQuery } from '@apollo/client/react';
import {
  announcePageReady,
  ENTITY_OVERVIEW_QUERY,
  EntityOverview,
  entityId,
  type EntityOverviewData,
} from '@atrium/plugin-graphql-react';
import {
  ANNOTATION_LOCATION,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { alertApiRef, errorApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogEntityRefreshPermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import { useEntityPermission } from '@backstage/plugin-catalog-react/alpha';
import { useCallback, useEffect } from 'react';
import { useViewLinks } from './useViewLinks';

/**
 * Whether the catalog can read the entity again from where it came: as Backstage's About card decides, an
 * entity read from a `url:` or `file:` location (not one a provider or the bootstrap location made).
 */
function isRefreshable(entity: Entity): boolean {
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  return Boolean(location?.startsWith('url:') || location?.startsWith('file:'));
}

/**
 * Backstage's About card's refresh, for an entity that can be refreshed (rendered only for one, so that other
 * pages do not ask the permission backend) and those the policy lets refresh it: the catalog reads it again from
 * its location soon ("Refresh scheduled"); a refused or failed request is shown as an error alert (the app's
 * error API alerts). Styled by the view's CSS (`.atr-card-head button`).
 */
function RefreshAction(props: { entity: Entity }) {
  const { entity } = props;
  const catalogApi = useApi(catalogApiRef);
  const alertApi = useApi(alertApiRef);
  const errorApi = useApi(errorApiRef);
  const { allowed } = useEntityPermission(catalogEntityRefreshPermission);
  const refresh = useCallback(async () => {
    try {
      await catalogApi.refreshEntity(stringifyEntityRef(entity));
      alertApi.post({
        message: 'Refresh scheduled',
        severity: 'info',
        display: 'transient',
      });
    } catch (e) {
      errorApi.post(e as Error);
    }
  }, [catalogApi, alertApi, errorApi, entity]);
  if (!allowed) return null;
  return (
    <button type="button" title="Schedule entity refresh" onClick={refresh}>
      Refresh
    </button>
  );
}

/**
 * The entity's overview read through the gateway in one round trip: about, owner and members, relations and,
 * for components, workloads. On a server-rendered page the data is already in the cache, so this renders at
 * once and tells the server's content to step aside. Links prefetch on hover and focus and navigate in the app.
 * Its About card's title carries the refresh that Backstage's About card had.
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
    return (
      <EntityOverview
        data={data}
        aboutActions={
          isRefreshable(entity) ? <RefreshAction entity={entity} /> : null
        }
        {...links}
      />
    );
  }
  if (error) return <ResponseErrorPanel error={error} />;
  return loading ? <Progress /> : null;
}
