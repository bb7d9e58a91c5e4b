import { Box, Grid } from '@material-ui/core';
import { formatDuration, formatPercent } from '../../lib/range';
import { InsightsTable, Section, Stat, useInsight } from '../common';
import type { Query } from './query';

export function Searches({ query }: { query: Query }) {
  const state = useInsight(api => api.getSearches(query), [query]);
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
      csv={{ endpoint: 'searches', query }}
    >
      {value => (
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            <InsightsTable
              title="Most searched"
              rows={value.top}
              rowKey={s => s.term}
              columns={columns}
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <InsightsTable
              title="With no result"
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

export function Templates({ query }: { query: Query }) {
  const state = useInsight(api => api.getTemplates(query), [query]);
  return (
    <Section
      id="templates"
      title="Template runs"
      state={state}
      csv={{ endpoint: 'templates', query }}
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
            <Stat
              id="reached-alert-rule"
              label="Reached a first alert rule"
              value={value.reachedFirstAlertRule}
            />
            <Stat
              id="time-to-alert-rule"
              label="Median time to a first alert rule"
              value={formatDuration(value.medianSecondsToFirstAlertRule)}
            />
          </Box>
          <InsightsTable
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
