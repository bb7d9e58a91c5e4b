import type {
  ActionsResponse,
  ActiveUsersResponse,
  NpsCommentsResponse,
  NpsResponse,
  SearchesResponse,
  SummaryResponse,
  TeamsResponse,
  TemplatesResponse,
  TopResponse,
} from '@atrium/plugin-adoption-common';
import { toCsv } from './csv';

/** Each Insights figure as a CSV table: its rows, with a header row. */
export const csvTables = {
  'active-users': (b: ActiveUsersResponse) =>
    toCsv(['period', 'active', 'new', 'returning'], b.points),
  teams: (b: TeamsResponse) => toCsv(['teamRef', 'active', 'size'], b.teams),
  top: (b: TopResponse) => toCsv(['key', 'views', 'users'], b.items),
  searches: (b: SearchesResponse) =>
    toCsv(
      ['list', 'term', 'count'],
      [
        ...b.top.map(t => ({ list: 'top', ...t })),
        ...b.noResult.map(t => ({ list: 'noResult', ...t })),
      ],
    ),
  templates: (b: TemplatesResponse) =>
    toCsv(['templateRef', 'runs', 'succeeded'], b.templates),
  actions: (b: ActionsResponse) => toCsv(['week', 'kind', 'count'], b.weeks),
  nps: (b: NpsResponse) =>
    toCsv(
      ['scope', 'key', 'nps', 'answers'],
      [
        { scope: 'all', key: '', nps: b.nps, answers: b.answers },
        ...b.trend.map(t => ({
          scope: 'quarter',
          key: t.period,
          nps: t.nps,
          answers: t.answers,
        })),
        ...b.teams.map(t => ({
          scope: 'team',
          key: t.teamRef,
          nps: t.nps,
          answers: t.answers,
        })),
      ],
    ),
  'nps-comments': (b: NpsCommentsResponse) =>
    toCsv(['createdAt', 'score', 'teamRef', 'comment'], b.comments),
  summary: (b: SummaryResponse) => toCsv(['day', 'active'], b.dauTrend),
};
