import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { describeError } from '../../lib/errors';
import { computeApiRef } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { QuotaBars } from '../common/QuotaBars';
import { useEffect } from 'react';

/** The owning team's quota use per cluster and tier. A change of `refreshKey` reloads it (after an action). */
export function QuotaCard({
  team,
  refreshKey,
}: {
  team?: CompoundEntityRef;
  refreshKey?: number;
}) {
  return (
    <InfoCard
      title="Team quota"
      subheader={team ? `group ${team.name}` : undefined}
    >
      {team ? (
        <TeamQuota team={team} refreshKey={refreshKey} />
      ) : (
        <EmptyState
          missing="field"
          title="No owning group"
          description="This component's spec.owner is not a group, so there is no team quota to show."
        />
      )}
    </InfoCard>
  );
}

function TeamQuota({
  team,
  refreshKey,
}: {
  team: CompoundEntityRef;
  refreshKey?: number;
}) {
  const api = useApi(computeApiRef);
  const quota = usePolledAsync(
    signal => api.getTeamQuota(team, { signal }),
    [api, team.namespace, team.name],
    30000,
  );
  const { refresh } = quota;
  useEffect(() => {
    if (refreshKey) refresh();
  }, [refreshKey, refresh]);
  if (quota.loading) return <Progress />;
  if (!quota.value)
    return (
      <ResponseErrorPanel
        title={describeError(quota.error ?? 'No answer')}
        error={quota.error ?? new Error('No answer')}
      />
    );
  return <QuotaBars quota={quota.value} />;
}
