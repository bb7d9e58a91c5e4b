import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { adoptionReadPermission } from '@atrium/plugin-adoption-common';
import {
  adoptionApiRef,
  formatNps,
  INSIGHTS_PATH,
  Sparkline,
} from '@atrium/plugin-adoption';
import { describeError } from '@atrium/ui';

/** "▲ 12.5 on last quarter", "▼ 3", "= last quarter"; nothing when either quarter has no score. */
function npsChange(
  current: number | null,
  previous: number | null,
): string | undefined {
  if (current === null || previous === null) return undefined;
  const delta = Math.round((current - previous) * 10) / 10;
  if (delta === 0) return 'same as last quarter';
  return `${delta > 0 ? '▲' : '▼'} ${Math.abs(
    delta,
  )} on last quarter (${formatNps(previous)})`;
}

function Summary() {
  const api = useApi(adoptionApiRef);
  const { value, error } = useAsync(() => api.getSummary(), [api]);
  if (error) {
    return (
      <Alert severity="error" data-testid="adoption-widget-error">
        Could not read the adoption summary: {describeError(error)}
      </Alert>
    );
  }
  if (!value) return <Progress />;
  const change = npsChange(value.quarterNps, value.previousQuarterNps);
  return (
    <Box data-testid="adoption-widget">
      <Box display="flex" flexWrap="wrap" style={{ gap: 32 }}>
        <Box flex="1 1 160px" data-stat="yesterday-dau">
          <Typography variant="caption" color="textSecondary">
            Active users yesterday
          </Typography>
          <Typography variant="h4" component="div">
            {value.yesterdayDau}
          </Typography>
          {value.dauTrend.length > 1 && (
            <Sparkline
              points={value.dauTrend}
              x="day"
              y="active"
              label="Daily active users, trend"
            />
          )}
        </Box>
        <Box flex="1 1 160px" data-stat="quarter-nps">
          <Typography variant="caption" color="textSecondary">
            NPS this quarter
          </Typography>
          <Typography variant="h4" component="div">
            {formatNps(value.quarterNps)}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {value.npsAnswers === 1
              ? '1 answer'
              : `${value.npsAnswers} answers`}
            {change ? ` · ${change}` : ''}
          </Typography>
        </Box>
      </Box>
      <Box mt={1}>
        <Link to={INSIGHTS_PATH}>Open adoption insights</Link>
      </Box>
    </Box>
  );
}

/**
 * Home's adoption widget for platform admins (and the other readers of adoption insights): yesterday's daily
 * active users with their trend, and this quarter's NPS against the last. Renders nothing for anyone else (the
 * widget's extension is also left out for them, see the home module).
 */
export function AdoptionWidget() {
  const { allowed, loading, error } = usePermission({
    permission: adoptionReadPermission,
  });
  if (loading) return <Progress />;
  // The permission backend down or erring: neither shown nor hidden for good, and Home goes on.
  if (error) {
    return (
      <Alert severity="warning" data-testid="adoption-widget-unchecked">
        Could not check your access to adoption figures: {describeError(error)}
      </Alert>
    );
  }
  if (!allowed) return <></>;
  return <Summary />;
}
