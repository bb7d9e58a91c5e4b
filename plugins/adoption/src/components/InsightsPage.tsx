import { type ReactNode, useMemo, useState } from 'react';
import { Box, Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { Content, Link, Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { adoptionReadPermission } from '@atrium/plugin-adoption-common';
import { describeError, RangePicker } from '@atrium/ui';
import { rangeQuery, RANGES, type RangeDays } from '../lib/range';
import { MY_ANSWERS_PATH } from '../paths';
import { ActiveUsers, Teams, Top } from './insights/usage';
import { Searches, Templates } from './insights/searchesAndTemplates';
import { Actions } from './insights/actions';
import { Comments, Nps } from './insights/nps';
import type { Query } from './insights/query';

/** The ranges to pick from: "30 days", named "Last 30 days". */
const RANGE_OPTIONS = RANGES.map(days => ({
  value: days,
  label: `${days} days`,
  ariaLabel: `Last ${days} days`,
}));

/** The page's sections in order, each with its width from the md breakpoint up (full width below it). */
const SECTIONS: Array<{
  key: string;
  width: 4 | 6 | 12;
  render: (query: Query) => ReactNode;
}> = [
  { key: 'active-users', width: 12, render: q => <ActiveUsers query={q} /> },
  { key: 'teams', width: 6, render: q => <Teams query={q} /> },
  { key: 'templates', width: 6, render: q => <Templates query={q} /> },
  ...(['plugins', 'pages', 'entities'] as const).map(kind => ({
    key: `top-${kind}`,
    width: 4 as const,
    render: (q: Query) => <Top query={q} kind={kind} />,
  })),
  { key: 'searches', width: 12, render: q => <Searches query={q} /> },
  { key: 'actions', width: 12, render: q => <Actions query={q} /> },
  { key: 'nps', width: 12, render: q => <Nps query={q} /> },
  { key: 'comments', width: 12, render: q => <Comments query={q} /> },
];

export function InsightsContent(props: { initialRange?: RangeDays }) {
  const [days, setDays] = useState<RangeDays>(props.initialRange ?? 30);
  const query = useMemo(() => rangeQuery(days), [days]);
  return (
    <>
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        flexWrap="wrap"
        mb={2}
      >
        <Typography variant="body2" color="textSecondary">
          How Atrium is used, {query.from} to {query.to} (UTC).
        </Typography>
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Link to={MY_ANSWERS_PATH}>My survey answers</Link>
          <RangePicker
            value={days}
            options={RANGE_OPTIONS}
            onChange={setDays}
            testId={d => `adoption-range-${d}`}
          />
        </Box>
      </Box>
      <Grid container spacing={3}>
        {SECTIONS.map(({ key, width, render }) => (
          <Grid item xs={12} md={width} key={key}>
            {render(query)}
          </Grid>
        ))}
      </Grid>
    </>
  );
}

/**
 * `/adoption-insights`: who uses Atrium and how, for the readers of adoption insights (`atrium.adoption.read`:
 * platform admins and the groups in `adoption.readers`). Others are told they may not read it.
 */
export function InsightsPage() {
  const { allowed, loading, error } = usePermission({
    permission: adoptionReadPermission,
  });
  // A failed check (the permission backend down or erring) is neither a yes nor a no: say so, and show nothing.
  const checked = !loading && !error;
  return (
    <Content>
      {loading && <Progress />}
      {error && (
        <Alert severity="warning" data-testid="adoption-insights-unchecked">
          Could not check your access to adoption insights:{' '}
          {describeError(error)}. Try again later.
        </Alert>
      )}
      {checked && !allowed && (
        <Alert severity="info" data-testid="adoption-insights-denied">
          Adoption insights are for platform admins and the groups listed in{' '}
          <code>adoption.readers</code>.{' '}
          <Link to={MY_ANSWERS_PATH}>Your own survey answers</Link> are yours to
          see.
        </Alert>
      )}
      {checked && allowed && <InsightsContent />}
    </Content>
  );
}
