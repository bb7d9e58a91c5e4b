import { useMemo, useState } from 'react';
import { Box, Grid, Typography } from '@material-ui/core';
import { ToggleButton, ToggleButtonGroup, Alert } from '@material-ui/lab';
import { useTheme } from '@material-ui/core/styles';
import { Content, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { ResponseError } from '@backstage/errors';
import {
  adoptionReadPermission,
  type NpsCommentsResponse,
  type TopKind,
} from '@atrium/plugin-adoption-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { adoptionApiRef } from '../api';
import {
  formatAverage,
  formatDuration,
  formatNps,
  formatPercent,
  rangeQuery,
  RANGES,
  type RangeDays,
} from '../lib/range';
import {
  CsvLink,
  Section,
  SimpleTable,
  Stat,
  useInsight,
  type Loaded,
} from './common';
import { MY_ANSWERS_PATH } from '../paths';

const CHART_HEIGHT = 220;

type Query = { from: string; to: string };

function RangePicker(props: {
  value: RangeDays;
  onChange: (days: RangeDays) => void;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      onChange={(_, v) => v && props.onChange(v)}
      aria-label="Range"
    >
      {RANGES.map(days => (
        <ToggleButton
          key={days}
          value={days}
          aria-label={`Last ${days} days`}
          data-testid={`adoption-range-${days}`}
        >
          {days} days
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

function ActiveUsers({ query }: { query: Query }) {
  const api = useApi(adoptionApiRef);
  const theme = useTheme();
  const state = useInsight(
    () => api.getActiveUsers({ ...query, grain: 'day' }),
    [api, query],
  );
  return (
    <Section
      id="active-users"
      title="Active users"
      state={state}
      action={
        <CsvLink
          endpoint="active-users"
          query={{ ...query, grain: 'day' }}
          filename="active-users.csv"
        />
      }
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
              <Typography variant="body2" color="textSecondary">
                No activity in this range.
              </Typography>
            ) : (
              <ResponsiveContainer
                width="100%"
                height={CHART_HEIGHT}
                initialDimension={{ width: 600, height: CHART_HEIGHT }}
              >
                <LineChart data={value.points}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="period" minTickGap={24} />
                  <YAxis allowDecimals={false} width={40} />
                  <Tooltip />
                  <Legend />
                  <Line
                    dataKey="active"
                    name="Active"
                    stroke={theme.palette.primary.main}
                    dot={false}
                    isAnimationActive={false}
                  />
                  <Line
                    dataKey="new"
                    name="New"
                    stroke={theme.palette.success.main}
                    dot={false}
                    isAnimationActive={false}
                  />
                  <Line
                    dataKey="returning"
                    name="Returning"
                    stroke={theme.palette.warning.main}
                    dot={false}
                    isAnimationActive={false}
                  />
                </LineChart>
              </ResponsiveContainer>
            )}
          </Box>
        </>
      )}
    </Section>
  );
}

function Teams({ query }: { query: Query }) {
  const api = useApi(adoptionApiRef);
  const state = useInsight(() => api.getTeams(query), [api, query]);
  return (
    <Section
      id="teams"
      title="Active users per team"
      state={state}
      action={<CsvLink endpoint="teams" query={query} filename="teams.csv" />}
    >
      {value => (
        <SimpleTable
          label="Active users per team"
          rows={value.teams}
          rowKey={t => t.teamRef}
          columns={[
            { title: 'Team', render: t => t.teamRef },
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

function Top({ query, kind }: { query: Query; kind: TopKind }) {
  const api = useApi(adoptionApiRef);
  const state = useInsight(
    () => api.getTop({ ...query, kind, limit: 10 }),
    [api, query, kind],
  );
  return (
    <Section
      id={`top-${kind}`}
      title={TOP_TITLES[kind]}
      state={state}
      action={
        <CsvLink
          endpoint="top"
          query={{ ...query, kind, limit: 10 }}
          filename={`top-${kind}.csv`}
        />
      }
    >
      {value => (
        <SimpleTable
          label={TOP_TITLES[kind]}
          rows={value.items}
          rowKey={i => i.key}
          columns={[
            {
              title: TOP_KEY_TITLES[kind],
              render: i => i.key,
            },
            { title: 'Views', render: i => i.views, numeric: true },
            { title: 'Users', render: i => i.users, numeric: true },
          ]}
        />
      )}
    </Section>
  );
}

function Searches({ query }: { query: Query }) {
  const api = useApi(adoptionApiRef);
  const state = useInsight(() => api.getSearches(query), [api, query]);
  const columns = [
    { title: 'Term', render: (s: { term: string }) => s.term },
    {
      title: 'Searches',
      render: (s: { count: number }) => s.count,
      numeric: true,
    },
  ];
  return (
    <Section
      id="searches"
      title="Searches"
      state={state}
      action={
        <CsvLink endpoint="searches" query={query} filename="searches.csv" />
      }
    >
      {value => (
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            <Typography variant="subtitle2">Most searched</Typography>
            <SimpleTable
              label="Most searched"
              rows={value.top}
              rowKey={s => s.term}
              columns={columns}
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <Typography variant="subtitle2">With no result</Typography>
            <SimpleTable
              label="Searches with no result"
              rows={value.noResult}
              rowKey={s => s.term}
              columns={columns}
              empty="Every search found something."
            />
          </Grid>
        </Grid>
      )}
    </Section>
  );
}

function Templates({ query }: { query: Query }) {
  const api = useApi(adoptionApiRef);
  const state = useInsight(() => api.getTemplates(query), [api, query]);
  return (
    <Section
      id="templates"
      title="Template runs"
      state={state}
      action={
        <CsvLink endpoint="templates" query={query} filename="templates.csv" />
      }
    >
      {value => (
        <>
          <Box display="flex" flexWrap="wrap">
            <Stat id="runs" label="Runs" value={value.runs} />
            <Stat id="succeeded" label="Succeeded" value={value.succeeded} />
            <Stat
              id="success-rate"
              label="Success rate"
              value={formatPercent(value.successRate)}
            />
            <Stat
              id="time-to-ready"
              label="Median time to a ready app"
              value={formatDuration(value.medianSecondsToReady)}
            />
          </Box>
          <SimpleTable
            label="Runs per template"
            rows={value.templates}
            rowKey={t => t.templateRef}
            columns={[
              { title: 'Template', render: t => t.templateRef },
              { title: 'Runs', render: t => t.runs, numeric: true },
              { title: 'Succeeded', render: t => t.succeeded, numeric: true },
            ]}
          />
        </>
      )}
    </Section>
  );
}

/** The weeks' rows for a stacked bar chart: `{ week, deploy: 3, scale: 1 }`, weeks in order. */
export function stackActions(
  weeks: Array<{ week: string; kind: string; count: number }>,
): { kinds: string[]; rows: Array<Record<string, string | number>> } {
  const kinds = [...new Set(weeks.map(w => w.kind))].sort();
  const byWeek = new Map<string, Record<string, string | number>>();
  for (const w of weeks) {
    const row = byWeek.get(w.week) ?? { week: w.week };
    row[w.kind] = ((row[w.kind] as number | undefined) ?? 0) + w.count;
    byWeek.set(w.week, row);
  }
  const rows = [...byWeek.values()].sort((a, b) =>
    String(a.week).localeCompare(String(b.week)),
  );
  return { kinds, rows };
}

function Actions({ query }: { query: Query }) {
  const api = useApi(adoptionApiRef);
  const theme = useTheme();
  const palette = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.error.main,
    theme.palette.info.main,
  ];
  const state = useInsight(() => api.getActions(query), [api, query]);
  return (
    <Section
      id="actions"
      title="Day-2 actions per week"
      state={state}
      action={
        <CsvLink endpoint="actions" query={query} filename="actions.csv" />
      }
    >
      {value => {
        const { kinds, rows } = stackActions(value.weeks);
        if (rows.length === 0) {
          return (
            <Typography variant="body2" color="textSecondary">
              No day-2 actions in this range.
            </Typography>
          );
        }
        return (
          <Box
            data-testid="adoption-chart-actions"
            data-points={JSON.stringify(rows)}
          >
            <ResponsiveContainer
              width="100%"
              height={CHART_HEIGHT}
              initialDimension={{ width: 600, height: CHART_HEIGHT }}
            >
              <BarChart data={rows}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="week" />
                <YAxis allowDecimals={false} width={40} />
                <Tooltip />
                <Legend />
                {kinds.map((kind, i) => (
                  <Bar
                    key={kind}
                    dataKey={kind}
                    stackId="actions"
                    fill={palette[i % palette.length]}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </Box>
        );
      }}
    </Section>
  );
}

function Comments({ query }: { query: Query }) {
  const api = useApi(adoptionApiRef);
  const state = useInsight<NpsCommentsResponse | 'forbidden'>(
    () =>
      api.getNpsComments(query).catch(e => {
        if (e instanceof ResponseError && e.response.status === 403) {
          return 'forbidden' as const;
        }
        if ((e as { statusCode?: number })?.statusCode === 403) {
          return 'forbidden' as const;
        }
        throw e;
      }),
    [api, query],
  );
  const forbidden = state.value === 'forbidden';
  return (
    <Section
      id="nps-comments"
      title="NPS comments"
      state={state as Loaded<NpsCommentsResponse | 'forbidden'>}
      action={
        forbidden ? undefined : (
          <CsvLink
            endpoint="nps/comments"
            query={query}
            filename="nps-comments.csv"
          />
        )
      }
    >
      {value =>
        value === 'forbidden' ? (
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="adoption-comments-forbidden"
          >
            Comments are visible to platform admins.
          </Typography>
        ) : (
          <SimpleTable
            label="NPS comments"
            rows={value.comments}
            rowKey={c => `${c.createdAt}|${c.comment}`}
            empty="No comments in this range."
            columns={[
              { title: 'Score', render: c => c.score, numeric: true },
              { title: 'Comment', render: c => c.comment },
              { title: 'Team', render: c => c.teamRef ?? '—' },
              {
                title: 'When',
                render: c => c.createdAt.slice(0, 10),
              },
            ]}
          />
        )
      }
    </Section>
  );
}

function Nps({ query }: { query: Query }) {
  const api = useApi(adoptionApiRef);
  const theme = useTheme();
  const state = useInsight(() => api.getNps(query), [api, query]);
  return (
    <Section
      id="nps"
      title="Net Promoter Score"
      state={state}
      action={<CsvLink endpoint="nps" query={query} filename="nps.csv" />}
    >
      {value => (
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            <Box display="flex" flexWrap="wrap">
              <Stat id="nps" label="NPS" value={formatNps(value.nps)} />
              <Stat id="answers" label="Answers" value={value.answers} />
              <Stat id="promoters" label="Promoters" value={value.promoters} />
              <Stat id="passives" label="Passives" value={value.passives} />
              <Stat
                id="detractors"
                label="Detractors"
                value={value.detractors}
              />
              <Stat
                id="dismissals"
                label="Dismissed"
                value={value.dismissals}
              />
            </Box>
            <Box
              data-testid="adoption-chart-nps"
              data-points={JSON.stringify(value.trend)}
            >
              {value.trend.length > 0 && (
                <ResponsiveContainer
                  width="100%"
                  height={160}
                  initialDimension={{ width: 400, height: 160 }}
                >
                  <LineChart data={value.trend}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="period" />
                    <YAxis domain={[-100, 100]} width={40} />
                    <Tooltip />
                    <Line
                      dataKey="nps"
                      name="NPS"
                      stroke={theme.palette.primary.main}
                      connectNulls={false}
                      isAnimationActive={false}
                    />
                  </LineChart>
                </ResponsiveContainer>
              )}
            </Box>
          </Grid>
          <Grid item xs={12} md={6}>
            <Typography variant="subtitle2">Per team</Typography>
            <SimpleTable
              label="NPS per team"
              rows={value.teams}
              rowKey={t => t.teamRef}
              empty="No answers in this range."
              columns={[
                { title: 'Team', render: t => t.teamRef },
                { title: 'NPS', render: t => formatNps(t.nps), numeric: true },
                { title: 'Answers', render: t => t.answers, numeric: true },
              ]}
            />
          </Grid>
        </Grid>
      )}
    </Section>
  );
}

/** The sections of the Insights page for the range picked; each loads and fails on its own. */
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
          <RangePicker value={days} onChange={setDays} />
        </Box>
      </Box>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <ActiveUsers query={query} />
        </Grid>
        <Grid item xs={12} md={6}>
          <Teams query={query} />
        </Grid>
        <Grid item xs={12} md={6}>
          <Templates query={query} />
        </Grid>
        {(['plugins', 'pages', 'entities'] as const).map(kind => (
          <Grid item xs={12} md={4} key={kind}>
            <Top query={query} kind={kind} />
          </Grid>
        ))}
        <Grid item xs={12}>
          <Searches query={query} />
        </Grid>
        <Grid item xs={12}>
          <Actions query={query} />
        </Grid>
        <Grid item xs={12}>
          <Nps query={query} />
        </Grid>
        <Grid item xs={12}>
          <Comments query={query} />
        </Grid>
      </Grid>
    </>
  );
}

/**
 * `/adoption-insights`: who uses Atrium and how, for the readers of adoption insights (`atrium.adoption.read`:
 * platform admins and the groups in `adoption.readers`). Others are told they may not read it.
 */
export function InsightsPage() {
  const { allowed, loading } = usePermission({
    permission: adoptionReadPermission,
  });
  return (
    <Content>
      {loading && <Progress />}
      {!loading && !allowed && (
        <Alert severity="info" data-testid="adoption-insights-denied">
          Adoption insights are for platform admins and the groups listed in{' '}
          <code>adoption.readers</code>.{' '}
          <Link to={MY_ANSWERS_PATH}>Your own survey answers</Link> are yours to
          see.
        </Alert>
      )}
      {!loading && allowed && <InsightsContent />}
    </Content>
  );
}
