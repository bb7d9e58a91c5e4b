import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ScalerMetric, ScalerView } from '@atrium/plugin-compute-common';
import { formatAgo, formatTime } from '../../lib/format';

const metricText = (m: ScalerMetric) =>
  m.type === 'cpu'
    ? `CPU at ${m.targetUtilization}% utilization`
    : `${m.targetPerReplica} requests/s per replica`;

/** The App's Scaler: bounds, metrics, schedules and what it decided last (its row's Edit bounds changes them). */
export function ScalerPanel({ scaler }: { scaler: ScalerView }) {
  const { status } = scaler;
  return (
    <Box>
      <Typography variant="body2">
        <strong>{scaler.name}</strong>: between {scaler.minReplicas} and{' '}
        {scaler.maxReplicas} replicas
      </Typography>
      <Typography variant="body2">
        Metrics:{' '}
        {scaler.metrics.length
          ? scaler.metrics.map(metricText).join('; ')
          : 'none'}
      </Typography>
      {scaler.schedules.length > 0 && (
        <Box component="ul" my={0} pl={3}>
          {scaler.schedules.map(s => (
            <li key={s.name}>
              <Typography variant="body2">
                {s.name}: <code>{s.cron}</code>
                {s.timezone ? ` (${s.timezone})` : ' (UTC)'} for {s.duration},
                at least {s.minReplicas}
                {s.maxReplicas !== undefined
                  ? `, at most ${s.maxReplicas}`
                  : ''}
              </Typography>
            </li>
          ))}
        </Box>
      )}
      <Typography variant="body2">
        Desired {status.desiredReplicas ?? '–'}, current{' '}
        {status.currentReplicas ?? '–'}
        {status.lastScaleTime && (
          <span title={formatTime(status.lastScaleTime)}>
            ; last scaled {formatAgo(status.lastScaleTime)}
          </span>
        )}
        {status.lastScaleReason ? `: ${status.lastScaleReason}` : ''}
      </Typography>
    </Box>
  );
}
