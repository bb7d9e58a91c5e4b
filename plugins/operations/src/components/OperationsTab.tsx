import Grid from '@material-ui/core/Grid';
import { testIds } from '../lib/testIds';
import { AlertsCard } from './AlertsCard';
import { MetricsCard } from './MetricsCard';

/** The Operations tab of a component: its alerts and its metrics, each card loading (and failing) alone. */
export function OperationsTab() {
  return (
    <div data-testid={testIds.tab}>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <AlertsCard />
        </Grid>
        <Grid item xs={12}>
          <MetricsCard />
        </Grid>
      </Grid>
    </div>
  );
}
