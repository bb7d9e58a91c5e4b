import { Box } from '@material-ui/core';
import { EmptyLine } from '@atrium/ui';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Section, useInsight } from '../common';
import { CHART_HEIGHT, type Query } from './query';

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

export function Actions({ query }: { query: Query }) {
  const theme = useTheme();
  const palette = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.error.main,
    theme.palette.info.main,
  ];
  const state = useInsight(api => api.getActions(query), [query]);
  return (
    <Section
      id="actions"
      title="Day-2 actions per week"
      state={state}
      csv={{ endpoint: 'actions', query }}
    >
      {value => {
        const { kinds, rows } = stackActions(value.weeks);
        if (rows.length === 0) {
          return <EmptyLine>No day-2 actions in this range.</EmptyLine>;
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
