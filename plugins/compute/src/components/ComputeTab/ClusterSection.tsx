import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { AppView, ClusterResult } from '@atrium/plugin-compute-common';
import { testIds } from '../../lib/testIds';
import { ClusterErrorPanel } from '../common/ClusterErrorPanel';
import { ClusterStalePanel } from '../common/ClusterStalePanel';
import { AppCard } from './AppCard';

/** One cluster's Apps, or why the cluster did not answer. */
export function ClusterSection({
  result,
  canOperate,
  onChanged,
}: {
  result: ClusterResult<{ apps: AppView[] }>;
  canOperate: boolean;
  onChanged: () => void;
}) {
  const { cluster } = result;
  return (
    <Box mb={4} data-testid={testIds.cluster(cluster.name)}>
      <Typography variant="h5" gutterBottom>
        {cluster.name}
        {cluster.region && (
          <Typography component="span" variant="body2" color="textSecondary">
            {'  '}
            {cluster.region}
            {cluster.zone ? ` / ${cluster.zone}` : ''}
          </Typography>
        )}
      </Typography>
      {!result.ok && (
        <ClusterErrorPanel cluster={cluster} error={result.error} />
      )}
      {result.ok && result.stale && (
        <ClusterStalePanel cluster={cluster} stale={result.stale} />
      )}
      {result.ok && result.apps.length === 0 && (
        <Typography variant="body2">
          No Apps of this component in this cluster.
        </Typography>
      )}
      {result.ok && (
        <Grid container spacing={3}>
          {result.apps.map(app => (
            <Grid item xs={12} key={`${app.namespace}/${app.name}`}>
              <AppCard
                app={app}
                canOperate={canOperate}
                onChanged={onChanged}
              />
            </Grid>
          ))}
        </Grid>
      )}
    </Box>
  );
}
