import type {
  SummaryResponse,
  TopKind,
  TopResponse,
} from '@atrium/plugin-adoption-common';
import type { AdoptionApi } from '../api';

/** Home's summary: yesterday's DAU with its trend, this quarter's NPS against the last. */
export const SUMMARY: SummaryResponse = {
  yesterdayDau: 7,
  dauTrend: [
    { day: '2026-12-03', active: 5 },
    { day: '2026-12-04', active: 6 },
    { day: '2026-12-05', active: 7 },
  ],
  quarterNps: 25,
  previousQuarterNps: 10,
  npsAnswers: 4,
};

const TOP: Record<TopKind, TopResponse['items']> = {
  pages: [
    { key: '/catalog', views: 40, users: 9 },
    { key: '/docs', views: 12, users: 4 },
  ],
  plugins: [{ key: 'catalog', views: 55, users: 10 }],
  entities: [
    { key: 'component:default/payments-gateway', views: 21, users: 6 },
  ],
};

/** An adoption API answering every Insights call with fixed figures; `overrides` replace single methods. */
export function fakeAdoptionApi(
  overrides: Partial<AdoptionApi> = {},
): jest.Mocked<AdoptionApi> {
  const api: AdoptionApi = {
    getActiveUsers: async () => ({
      points: [
        { period: '2026-12-04', active: 5, new: 2, returning: 3 },
        { period: '2026-12-05', active: 7, new: 1, returning: 6 },
      ],
      dau: 6,
      wau: 9,
      mau: 12,
      stickiness: 0.5,
    }),
    getTeams: async () => ({
      teams: [
        { teamRef: 'group:default/team-payments', active: 4, size: 5 },
        { teamRef: 'group:default/team-fleet', active: 1, size: 4 },
      ],
    }),
    getTop: async ({ kind }) => ({ items: TOP[kind] }),
    getSearches: async () => ({
      top: [{ term: 'payments', count: 8 }],
      noResult: [{ term: 'kafka rebalance', count: 3 }],
    }),
    getTemplates: async () => ({
      runs: 10,
      succeeded: 9,
      successRate: 0.9,
      medianSecondsToReady: 300,
      reachedFirstAlertRule: 7,
      medianSecondsToFirstAlertRule: 7200,
      templates: [
        {
          templateRef: 'template:default/node-service',
          runs: 10,
          succeeded: 9,
        },
      ],
    }),
    getActions: async () => ({
      weeks: [
        { week: '2026-W48', kind: 'deploy', count: 4 },
        { week: '2026-W48', kind: 'scale', count: 1 },
        { week: '2026-W49', kind: 'deploy', count: 6 },
      ],
    }),
    getNps: async () => ({
      nps: 25,
      promoters: 2,
      passives: 1,
      detractors: 1,
      answers: 4,
      dismissals: 2,
      trend: [
        { period: '2026-Q3', nps: 10, answers: 10 },
        { period: '2026-Q4', nps: 25, answers: 4 },
      ],
      teams: [{ teamRef: 'group:default/team-payments', nps: 50, answers: 2 }],
    }),
    getNpsComments: async () => ({
      comments: [
        {
          score: 9,
          comment: 'The Operations tab saves me an hour a day',
          createdAt: '2026-12-01T10:00:00.000Z',
          teamRef: 'group:default/team-payments',
        },
      ],
    }),
    getSummary: async () => SUMMARY,
    getSurvey: async () => ({ show: true, reason: 'eligible' }),
    answerNps: async () => ({ id: 'a1' }),
    dismissNps: async () => undefined,
    getMyAnswers: async () => ({
      answers: [
        {
          id: 'a1',
          score: 8,
          comment: 'Good docs',
          createdAt: '2026-12-01T10:00:00.000Z',
        },
      ],
    }),
    deleteAnswer: async () => undefined,
    csvUrl: async (endpoint, query) =>
      `http://localhost:7007/api/adoption/insights/${endpoint}?${new URLSearchParams(
        { ...(query as Record<string, string>), format: 'csv' },
      )}`,
    getCsv: async () => new Blob(['a,b\n1,2\n'], { type: 'text/csv' }),
    ...overrides,
  };
  for (const key of Object.keys(api) as Array<keyof AdoptionApi>) {
    (api as any)[key] = jest.fn(api[key] as any);
  }
  return api as jest.Mocked<AdoptionApi>;
}
