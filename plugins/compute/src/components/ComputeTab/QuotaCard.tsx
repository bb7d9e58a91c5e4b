import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { TeamQuota } from '@atrium/plugin-compute-common';
import { EmptyLine, StatusChip } from '@atrium/ui';
import { useEffect } from 'react';
import { describeError } from '../../lib/errors';
import { computeApiRef } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { QuotaBars } from '../common/QuotaBars';

const useStyles = makeStyles(theme => ({
  summary: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: theme.spacing(1),
    rowGap: theme.spacing(0.5),
    minWidth: 0,
  },
  details: { display: 'block' },
}));

/** The most used of the team's quotas (CPU or memory, any cluster and tier), in percent. */
export function highestUse(quota: TeamQuota) {
  let highest: { pct: number; what: string } | undefined;
  for (const c of quota.clusters) {
    if (!c.ok) continue;
    for (const t of c.tiers) {
      for (const resource of ['cpu', 'memory'] as const) {
        if (!(t.hard[resource] > 0)) continue;
        const pct = Math.round((t.used[resource] / t.hard[resource]) * 100);
        if (!highest || pct > highest.pct) {
          const name = resource === 'cpu' ? 'CPU' : 'memory';
          highest = { pct, what: `${name}, ${t.tier} in ${c.cluster.name}` };
        }
      }
    }
  }
  return highest;
}

/**
 * The owning team's quota use per cluster and tier, closed to one line (its highest use) until opened. A change
 * of `refreshKey` reloads it (after an action).
 */
export function QuotaCard({
  team,
  refreshKey,
}: {
  team?: CompoundEntityRef;
  refreshKey?: number;
}) {
  if (!team) {
    return (
      <EmptyLine>
        No team quota: this component's spec.owner is not a group.
      </EmptyLine>
    );
  }
  return <TeamQuotaCard team={team} refreshKey={refreshKey} />;
}

function TeamQuotaCard({
  team,
  refreshKey,
}: {
  team: CompoundEntityRef;
  refreshKey?: number;
}) {
  const classes = useStyles();
  const quota = useTeamQuota(team, refreshKey);
  const highest = quota.value && highestUse(quota.value);
  return (
    <Accordion variant="outlined" square={false}>
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="compute-quota-details"
        id="compute-quota-summary"
      >
        <div className={classes.summary}>
          <Typography component="h2" variant="subtitle1">
            Team quota
          </Typography>
          <Typography variant="body2" color="textSecondary">
            group {team.name}
          </Typography>
          {!quota.loading && !quota.value && (
            <StatusChip label="Unavailable" tone="error" />
          )}
          {highest && (
            <StatusChip
              label={`highest use ${highest.pct}%`}
              tone={highest.pct >= 90 ? 'warning' : 'neutral'}
              title={highest.what}
            />
          )}
        </div>
      </AccordionSummary>
      <AccordionDetails className={classes.details} id="compute-quota-details">
        {quota.loading && <Progress />}
        {!quota.loading && !quota.value && (
          <ResponseErrorPanel
            title={describeError(quota.error ?? 'No answer')}
            error={quota.error ?? new Error('No answer')}
          />
        )}
        {quota.value && <QuotaBars quota={quota.value} />}
      </AccordionDetails>
    </Accordion>
  );
}

/** The team's quota, reloaded every 30 s and when `refreshKey` changes. */
function useTeamQuota(team: CompoundEntityRef, refreshKey?: number) {
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
  return quota;
}
