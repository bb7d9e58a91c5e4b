import { Box } from '@material-ui/core';
import { EmptyLine, TrendChart } from '@atrium/ui';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import { type TopKind } from '@atrium/plugin-adoption-common';
import { formatAverage, formatPercent } from '../../lib/range';
import { InsightsTable, Section, Stat, useInsight } from '../common';
import { CHART_HEIGHT, type Query } from './query';

export function ActiveUsers({ query }: { query: Query }) {
  const state = useInsight(
    api => api.getActiveUsers({ ...query, grain: 'day' }),
    [query],
  );
  return (
    <Section
      id="active-users"
      title="Active users"
      state={state}
      csv={{ endpoint: 'active-users', query: { ...query, grain: 'day' } }}
    >
      {value => (
        <>
          <Box display="flex" flexWrap="wrap">
            <Stat
              id="dau"
              label="DAU"
              value={formatAverage(value.dau)}
              hint="Average daily active users over the range"
            />
            <Stat id="wau" label="WAU" value={value.wau} hint="Last 7 days" />
            <Stat id="mau" label="MAU" value={value.mau} hint="Last 30 days" />
            <Stat
              id="stickiness"
              label="Stickiness (DAU/MAU)"
              value={formatPercent(value.stickiness)}
            />
          </Box>
          <Box
            data-testid="adoption-chart-active-users"
            data-points={JSON.stringify(value.points)}
          >
            {value.points.length === 0 ? (
              <EmptyLine>No activity in this range.</EmptyLine>
            ) : (
              <TrendChart
                data={value.points}
                x="period"
                height={CHART_HEIGHT}
                initialWidth={600}
                series={[
                  { key: 'active', name: 'Active' },
                  { key: 'new', name: 'New' },
                  { key: 'returning', name: 'Returning' },
                ]}
                xAxis={{ minTickGap: 24 }}
                yAxis={{ allowDecimals: false, width: 40 }}
              />
            )}
          </Box>
        </>
      )}
    </Section>
  );
}

export function Teams({ query }: { query: Query }) {
  const state = useInsight(api => api.getTeams(query), [query]);
  return (
    <Section
      id="teams"
      title="Active users per team"
      state={state}
      csv={{ endpoint: 'teams', query }}
    >
      {value => (
        <InsightsTable
          label="Active users per team"
          rows={value.teams}
          rowKey={t => t.teamRef}
          columns={[
            {
              title: 'Team',
              render: t => <EntityDisplayName entityRef={t.teamRef} hideIcon />,
            },
            { title: 'Active', render: t => t.active, numeric: true },
            { title: 'Size', render: t => t.size, numeric: true },
            {
              title: 'Share',
              render: t =>
                t.size > 0 ? formatPercent(t.active / t.size) : '—',
              numeric: true,
            },
          ]}
        />
      )}
    </Section>
  );
}

const TOP_KEY_TITLES: Record<TopKind, string> = {
  plugins: 'Plugin',
  pages: 'Page',
  entities: 'Service',
};

const TOP_TITLES: Record<TopKind, string> = {
  plugins: 'Top plugins',
  pages: 'Top pages',
  entities: 'Top services',
};

export function Top({ query, kind }: { query: Query; kind: TopKind }) {
  const state = useInsight(
    api => api.getTop({ ...query, kind, limit: 10 }),
    [query, kind],
  );
  return (
    <Section
      id={`top-${kind}`}
      title={TOP_TITLES[kind]}
      state={state}
      csv={{
        endpoint: 'top',
        query: { ...query, kind, limit: 10 },
        filename: `top-${kind}.csv`,
      }}
    >
      {value => (
        <InsightsTable
          label={TOP_TITLES[kind]}
          rows={value.items}
          rowKey={i => i.key}
          columns={[
            {
              title: TOP_KEY_TITLES[kind],
              // Services by the name the catalog gives them; pages and plugins as recorded.
              render: i =>
                kind === 'entities' ? (
                  <EntityDisplayName entityRef={i.key} hideIcon />
                ) : (
                  i.key
                ),
            },
            { title: 'Views', render: i => i.views, numeric: true },
            { title: 'Users', render: i => i.users, numeric: true },
          ]}
        />
      )}
    </Section>
  );
}
