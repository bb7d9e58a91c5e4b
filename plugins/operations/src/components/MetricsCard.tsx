import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { safeHref } from '@atrium/api-client';
import { EmptyLine, RangePicker } from '@atrium/ui';
import { METRIC_RANGES, MetricRange } from '@atrium/plugin-operations-common';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { operationsApiRef } from '../api';
import { toChartData } from '../lib/chartData';
import { testIds } from '../lib/testIds';
import { OperationsCard } from './cardParts';
import { MetricChart } from './MetricChart';

const RANGE_OPTIONS = METRIC_RANGES.map(r => ({ value: r, label: r }));

/** A component's metrics from Prometheus over a chosen range, one chart per metric. */
export function MetricsCard({
  initialRange = '1h',
}: {
  initialRange?: MetricRange;
}) {
  const { entity } = useEntity();
  const api = useApi(operationsApiRef);
  const target = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const [range, setRange] = useState<MetricRange>(initialRange);

  const metrics = useAsyncRetry(
    () => api.getMetrics(target, { range }),
    [api, target.namespace, target.kind, target.name, range],
  );
  const answer = metrics.value;
  // The dashboard URL comes from a config template filled with the entity's values: a link only when http(s).
  const dashboardHref = answer?.configured
    ? safeHref(answer.dashboardUrl)
    : undefined;
  const charts = useMemo(
    () => (answer?.configured ? toChartData(answer.metrics) : []),
    [answer],
  );

  const rangePicker = (
    <RangePicker
      aria-label="Time range"
      value={range}
      options={RANGE_OPTIONS}
      onChange={setRange}
      testId={testIds.range}
    />
  );

  return (
    <OperationsCard
      what="metrics"
      read={metrics}
      subtitle={
        answer?.configured ? `Prometheus: {${answer.selector}}` : undefined
      }
      meta={rangePicker}
    >
      {configured => (
        <>
          {dashboardHref && (
            <Box mb={2}>
              <Link to={dashboardHref} data-testid={testIds.dashboardLink}>
                Open dashboard
              </Link>
            </Box>
          )}
          {charts.length === 0 && (
            <EmptyLine>
              Prometheus returned no metrics for this component.
            </EmptyLine>
          )}
          <Grid container spacing={3}>
            {charts.map(chart => (
              <Grid item xs={12} md={6} key={chart.id}>
                <MetricChart
                  chart={chart}
                  start={configured.start}
                  end={configured.end}
                />
              </Grid>
            ))}
          </Grid>
        </>
      )}
    </OperationsCard>
  );
}
