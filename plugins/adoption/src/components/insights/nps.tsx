import { Box, Grid } from '@material-ui/core';
import { EmptyLine, TrendChart } from '@atrium/ui';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { type NpsCommentsResponse } from '@atrium/plugin-adoption-common';
import { formatNps } from '../../lib/range';
import {
  InsightsTable,
  Section,
  Stat,
  useInsight,
  type Loaded,
} from '../common';
import type { Query } from './query';

export function Comments({ query }: { query: Query }) {
  const state = useInsight<NpsCommentsResponse | 'forbidden'>(
    api =>
      api.getNpsComments(query).catch(e => {
        if (e instanceof ResponseError && e.response.status === 403) {
          return 'forbidden' as const;
        }
        if ((e as { statusCode?: number })?.statusCode === 403) {
          return 'forbidden' as const;
        }
        throw e;
      }),
    [query],
  );
  const forbidden = state.value === 'forbidden';
  return (
    <Section
      id="nps-comments"
      title="NPS comments"
      state={state as Loaded<NpsCommentsResponse | 'forbidden'>}
      csv={forbidden ? undefined : { endpoint: 'nps/comments', query }}
    >
      {value =>
        value === 'forbidden' ? (
          <EmptyLine data-testid="adoption-comments-forbidden">
            Comments are visible to platform admins.
          </EmptyLine>
        ) : (
          <InsightsTable
            label="NPS comments"
            rows={value.comments}
            rowKey={c => `${c.createdAt}|${c.comment}`}
            empty="No comments in this range."
            columns={[
              { title: 'Score', render: c => c.score, numeric: true },
              { title: 'Comment', render: c => c.comment },
              {
                title: 'Team',
                render: c =>
                  c.teamRef ? (
                    <EntityDisplayName entityRef={c.teamRef} hideIcon />
                  ) : (
                    '—'
                  ),
              },
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

export function Nps({ query }: { query: Query }) {
  const state = useInsight(api => api.getNps(query), [query]);
  return (
    <Section
      id="nps"
      title="Net Promoter Score"
      state={state}
      csv={{ endpoint: 'nps', query }}
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
                <TrendChart
                  data={value.trend}
                  x="period"
                  height={160}
                  series={[{ key: 'nps', name: 'NPS' }]}
                  yAxis={{ domain: [-100, 100], width: 40 }}
                  dots
                />
              )}
            </Box>
          </Grid>
          <Grid item xs={12} md={6}>
            <InsightsTable
              title="Per team"
              label="NPS per team"
              rows={value.teams}
              rowKey={t => t.teamRef}
              empty="No answers in this range."
              columns={[
                {
                  title: 'Team',
                  render: t => (
                    <EntityDisplayName entityRef={t.teamRef} hideIcon />
                  ),
                },
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
