import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import { type ChartColour, EmptyLine, TrendChart } from '@atrium/ui';
import { useMemo } from 'react';
import { ChartModel, METRIC_LABELS, pointsOf } from '../lib/chartData';
import {
  axisScale,
  formatDateTime,
  formatTime,
  timeTicks,
} from '../lib/format';
import { testIds } from '../lib/testIds';

export const CHART_HEIGHT = 180;

const COLOURS: ChartColour[] = ['primary', 'warning', 'error'];

/** One metric's chart (latency: the three percentiles), with its own errors under it. */
export function MetricChart({
  chart,
  start,
  end,
}: {
  chart: ChartModel;
  /** Unix seconds: the x axis spans the range asked for, even where there are no points. */
  start: number;
  end: number;
}) {
  const scale = axisScale(chart.unit, chart.max);
  const ticks = useMemo(() => timeTicks(start, end), [start, end]);
  const drawn = useMemo(
    () =>
      JSON.stringify(
        Object.fromEntries(
          chart.series.map(s => [s.metric, pointsOf(chart, s.metric)]),
        ),
      ),
    [chart],
  );

  return (
    <Box data-testid={testIds.chart(chart.id)} data-points={drawn}>
      <Typography variant="subtitle2">
        {chart.title} ({scale.label})
      </Typography>
      {chart.series.length > 0 && chart.data.length === 0 && (
        <EmptyLine>No data in this range.</EmptyLine>
      )}
      {chart.series.length > 0 && chart.data.length > 0 && (
        <TrendChart
          data={chart.data}
          x="t"
          height={CHART_HEIGHT}
          margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
          // Latency's percentiles from calm to alarming.
          series={chart.series.map((s, i) => ({
            key: s.metric,
            name: s.label,
            colour: COLOURS[i % COLOURS.length],
          }))}
          xAxis={{
            type: 'number',
            domain: [start, end],
            ticks,
            tickFormatter: (t: number) => formatTime(t, end - start),
            minTickGap: 24,
          }}
          yAxis={{
            width: 56,
            tickFormatter: (v: number) => scale.tick(v),
            label: {
              value: scale.label,
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle' },
            },
          }}
          tooltip={{
            labelFormatter: label =>
              formatDateTime(new Date(Number(label) * 1000)),
            formatter: value =>
              scale.withUnit(typeof value === 'number' ? value : null),
          }}
        />
      )}
      {chart.errors.map(error => (
        <Box
          key={error.metric}
          mt={1}
          data-testid={testIds.chartError(error.metric)}
        >
          <WarningPanel
            severity="warning"
            title={`${METRIC_LABELS[error.metric]}: no data (${error.reason})`}
            message={
              <>
                <Typography variant="body2">{error.message}</Typography>
                <Typography variant="caption" component="code">
                  {error.query}
                </Typography>
              </>
            }
          />
        </Box>
      ))}
    </Box>
  );
}
