import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { EmptyLine, SectionHeader, StatusChip } from '@atrium/ui';
import { useState } from 'react';
import { describeError } from '../../lib/errors';
import { computeApiRef } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { testIds } from '../../lib/testIds';
import { LineTime } from '../common/LineTime';
import { listCardStyles } from '../common/listCardStyles';
import { ClusterNotices } from '../common/ClusterNotices';
import { groupEvents, type EventGroup } from './eventGroups';

/** How many event lines show at first, and how many more each "Show more" adds. */
export const EVENTS_PAGE = 10;

const useStyles = makeStyles(theme => ({
  ...listCardStyles(theme),
  line: { ...listCardStyles(theme).line, alignItems: 'center' },
  reason: { fontWeight: 500 },
  message: { overflowWrap: 'anywhere', marginTop: 2 },
}));

function EventLine({
  group,
  showCluster,
}: {
  group: EventGroup;
  showCluster: boolean;
}) {
  const classes = useStyles();
  return (
    <li className={classes.item} data-testid="compute-event">
      <div className={classes.line}>
        <StatusChip
          label={group.type}
          tone={group.type === 'Warning' ? 'warning' : 'neutral'}
        />
        <Typography variant="body2" className={classes.reason}>
          {group.reason}
        </Typography>
        <Typography
          variant="body2"
          color="textSecondary"
          className={classes.text}
        >
          {`${group.object.kind}/${group.object.name}`}
          {showCluster ? ` in ${group.cluster}` : ''}
        </Typography>
        {group.count > 1 && (
          <Typography variant="body2" title={`${group.count} times`}>
            {`×${group.count}`}
          </Typography>
        )}
        <LineTime at={group.lastSeen} />
      </div>
      <Typography
        variant="body2"
        color="textSecondary"
        className={classes.message}
      >
        {group.message}
      </Typography>
    </li>
  );
}

/** The component's Kubernetes events across clusters: repeats as one line with a count, a page at a time. */
export function EventsCard({ component }: { component: CompoundEntityRef }) {
  const classes = useStyles();
  const api = useApi(computeApiRef);
  const [shown, setShown] = useState(EVENTS_PAGE);
  const events = usePolledAsync(
    signal => api.getComponentEvents(component, { signal }),
    [api, component.namespace, component.name],
    15000,
  );
  if (events.error && !events.value)
    return (
      <ResponseErrorPanel
        title={describeError(events.error)}
        error={events.error}
      />
    );
  const clusters = events.value?.clusters ?? [];
  const groups = groupEvents(clusters);
  const showCluster = clusters.filter(c => c.ok).length > 1;
  const more = groups.length - shown;
  const warnings = groups.filter(g => g.type === 'Warning').length;

  return (
    <Paper variant="outlined" className={classes.root}>
      <div data-testid="compute-events">
        <SectionHeader
          title="Events"
          meta={
            warnings > 0 && (
              <StatusChip
                label={`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`}
                tone="warning"
              />
            )
          }
        />
        {events.loading && <Progress />}
        {/* The clusters' last known events: said so, as the workloads do. */}
        <ClusterNotices
          clusters={clusters}
          errorTestId={false}
          staleTestId={testIds.eventsStale}
        />
        {events.value && groups.length === 0 && (
          <EmptyLine>No recent events.</EmptyLine>
        )}
        {groups.length > 0 && (
          <ul className={classes.list} aria-label="Events">
            {groups.slice(0, shown).map(g => (
              <EventLine key={g.key} group={g} showCluster={showCluster} />
            ))}
          </ul>
        )}
        {more > 0 && (
          <Button size="small" onClick={() => setShown(s => s + EVENTS_PAGE)}>
            {more > EVENTS_PAGE
              ? `Show ${EVENTS_PAGE} more (${more} left)`
              : `Show ${more} more`}
          </Button>
        )}
      </div>
    </Paper>
  );
}
