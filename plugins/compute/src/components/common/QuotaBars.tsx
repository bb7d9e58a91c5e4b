import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import type { TeamQuota, TierQuota } from '@atrium/plugin-compute-common';
import { formatBytes, formatCores } from '../../lib/format';
import { testIds } from '../../lib/testIds';
import { ClusterErrorPanel } from './ClusterErrorPanel';

function QuotaBar({
  label,
  used,
  hard,
  format,
}: {
  label: string;
  used: number;
  hard: number;
  format: (n: number) => string;
}) {
  const pct = hard > 0 ? Math.round((used / hard) * 100) : 0;
  return (
    <Box mb={1}>
      <Typography variant="body2">
        {label}: {format(used)} / {hard > 0 ? format(hard) : 'no quota'}
        {hard > 0 ? ` (${pct}%)` : ''}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={Math.min(100, pct)}
        color={pct >= 90 ? 'secondary' : 'primary'}
        aria-label={`${label} used`}
      />
    </Box>
  );
}

function TierQuotaBars({ tier }: { tier: TierQuota }) {
  return (
    <Box mb={2} data-testid={`compute-quota-tier-${tier.tier}`}>
      <Typography variant="subtitle2">{tier.tier}</Typography>
      <QuotaBar
        label="CPU"
        used={tier.used.cpu}
        hard={tier.hard.cpu}
        format={formatCores}
      />
      <QuotaBar
        label="Memory"
        used={tier.used.memory}
        hard={tier.hard.memory}
        format={formatBytes}
      />
    </Box>
  );
}

/** A team's quota use per cluster and tier: used against hard, for CPU and memory. */
export function QuotaBars({ quota }: { quota: TeamQuota }) {
  return (
    <div data-testid={testIds.quota}>
      {quota.clusters.length === 0 && (
        <Typography variant="body2">No clusters are configured.</Typography>
      )}
      {quota.clusters.map(c => (
        <Box
          key={c.cluster.name}
          mb={2}
          data-testid={`compute-quota-cluster-${c.cluster.name}`}
        >
          <Typography variant="h6">
            {c.cluster.name}
            {c.cluster.region ? ` (${c.cluster.region})` : ''}
          </Typography>
          {!c.ok && (
            <ClusterErrorPanel
              cluster={c.cluster}
              error={c.error}
              testId={false}
            />
          )}
          {c.ok && c.tiers.map(t => <TierQuotaBars key={t.tier} tier={t} />)}
          {c.ok && c.tiers.length === 0 && (
            <Typography variant="body2">
              No quota in {quota.namespace}.
            </Typography>
          )}
        </Box>
      ))}
    </div>
  );
}
