import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ANNOTATIONS, ownerGroupOf } from '@atrium/plugin-compute-common';
import { useCallback, useMemo, useState } from 'react';
import { computeApiRef } from '../../api';
import { useCanOperate } from '../../hooks/useCanOperate';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { describeError } from '../../lib/errors';
import { testIds } from '../../lib/testIds';
import { ActivityCard } from './ActivityCard';
import { ComputeSignals } from '../common/ComputeSignals';
import { componentRefsOf } from '../../lib/appRef';
import { ClusterSection } from './ClusterSection';
import { EventsCard } from './EventsCard';
import { ExcludedApps } from './ExcludedApps';
import { QuotaCard } from './QuotaCard';

/**
 * How often the workloads reload while the tab is visible. Signals announce actions at once, but not what the
 * cluster does next (a rollout's pods, a crash loop), nor anything while the signals connection is down; so the
 * tab keeps polling at the same pace with signals.
 */
export const WORKLOADS_REFRESH_MS = 5000;

/**
 * The Compute tab of a component: per cluster a summary strip and one row per App (details on demand), then
 * the events beside the team quota (closed to one line) and the latest activity. For its owners and the
 * platform admins (the signal's recipients), an action applied by someone else (in another browser, through
 * either replica) reloads the Apps, quota and activity at once; the dialog's own user is refreshed by the dialog.
 */
export function ComputeTab() {
  const { entity } = useEntity();
  const api = useApi(computeApiRef);
  const canOperate = useCanOperate(entity);
  const component = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const team = useMemo(() => ownerGroupOf(entity), [entity]);
  const [activityKey, setActivityKey] = useState(0);

  const workloads = usePolledAsync(
    signal => api.getComponentWorkloads(component, { signal }),
    [api, component.namespace, component.name],
    WORKLOADS_REFRESH_MS,
  );
  const { refresh } = workloads;
  const onChanged = useCallback(() => {
    refresh();
    setActivityKey(k => k + 1);
  }, [refresh]);

  const clusters = workloads.value?.clusters ?? [];
  // The tab's own component, and those the Apps it shows are labelled with (an annotation may name another
  // component's Apps, whose actions are announced on that component's channel).
  const signalRefs = [
    stringifyEntityRef(entity),
    ...componentRefsOf(clusters.flatMap(c => (c.ok ? c.apps : []))),
  ];
  const noApps =
    workloads.value && clusters.every(c => c.ok && c.apps.length === 0);

  return (
    <div data-testid={testIds.tab}>
      <ComputeSignals entityRefs={signalRefs} onSignal={onChanged} />
      {workloads.loading && <Progress />}
      {workloads.error && !workloads.value && (
        <ResponseErrorPanel
          title={describeError(workloads.error)}
          error={workloads.error}
        />
      )}
      {workloads.error && workloads.value && (
        <Typography variant="body2" color="error">
          Refresh failed: {describeError(workloads.error)}
        </Typography>
      )}
      <ExcludedApps excluded={workloads.value?.excluded ?? []} />
      {noApps && (
        <EmptyState
          missing="data"
          title="No Apps"
          description={`No cluster runs an App of ${component.name}. The Apps come from the ${ANNOTATIONS.apps} annotation, or else the compute.atrium.dev/component label.`}
        />
      )}
      {!noApps &&
        clusters.map(c => (
          <ClusterSection
            key={c.cluster.name}
            result={c}
            canOperate={canOperate}
            onChanged={onChanged}
          />
        ))}
      <Grid container spacing={2}>
        <Grid item xs={12} lg={8}>
          <EventsCard component={component} />
        </Grid>
        <Grid item xs={12} lg={4}>
          <Box mb={2}>
            <QuotaCard team={team} refreshKey={activityKey} />
          </Box>
          <ActivityCard component={component} refreshKey={activityKey} />
        </Grid>
      </Grid>
    </div>
  );
}
