/**
 * The adoption REST API (`/api/adoption`): what the app sends and what Insights answers. The OpenAPI description
 * of the same API is `plugins/adoption-backend/src/schema/openapi.yaml`; `AdoptionClient` is its typed client.
 */

/** Where in Atrium an event happened. */
export interface AdoptionEventContext {
  pluginId: string;
  extension?: string;
  routeRef?: string;
  path?: string;
  entityRef?: string;
  searchTerm?: string;
}

/** One usage event: a page view (`navigate`), a search (`search`, subject the term, value the result count), a click… */
export interface AdoptionEvent {
  action: string;
  subject: string;
  context: AdoptionEventContext;
  attributes?: Record<string, string | number | boolean>;
  value?: number;
  /** ISO 8601. */
  timestamp: string;
}

export interface PostEventsRequest {
  events: AdoptionEvent[];
}

/** 202 when every event was stored; the 400 body adds `error` and `rejected` (the valid events are stored). */
export interface PostEventsResponse {
  accepted: number;
  rejected?: Array<{ index: number; message: string }>;
}

export type Grain = 'day' | 'week' | 'month';

/** `period` is the first day of the period (YYYY-MM-DD): the day, the ISO week's Monday, the month's 1st. */
export interface ActiveUsersPoint {
  period: string;
  active: number;
  /** Users whose first event ever is in this period. */
  new: number;
  returning: number;
}

export interface ActiveUsersResponse {
  points: ActiveUsersPoint[];
  /** Average daily active users over the range. */
  dau: number;
  /** Distinct users in the range's last 7 days. */
  wau: number;
  /** Distinct users in the range's last 30 days. */
  mau: number;
  /** Average DAU / MAU (0–1, three decimals). */
  stickiness: number;
}

export interface TeamsResponse {
  teams: Array<{ teamRef: string; active: number; size: number }>;
}

export type TopKind = 'plugins' | 'pages' | 'entities';

export interface TopResponse {
  items: Array<{ key: string; views: number; users: number }>;
}

export interface SearchesResponse {
  top: Array<{ term: string; count: number }>;
  noResult: Array<{ term: string; count: number }>;
}

export interface TemplatesResponse {
  runs: number;
  succeeded: number;
  /** succeeded / runs (0–1, three decimals); null without runs. */
  successRate: number | null;
  /** Median seconds from a template run to its app's first `funnel.app-ready`; null when none got there. */
  medianSecondsToReady: number | null;
  /**
   * Runs whose new component got its first alert rule (`funnel.first-alert-rule`, found by operations in
   * Prometheus' rules), joined to the run by the component's ref on its `funnel.app-ready` events.
   */
  reachedFirstAlertRule: number;
  /** Median seconds from a template run's start to its component's first alert rule; null when none got there. */
  medianSecondsToFirstAlertRule: number | null;
  templates: Array<{ templateRef: string; runs: number; succeeded: number }>;
}

export interface ActionsResponse {
  /** `week` is the ISO week, `2026-W49`. */
  weeks: Array<{ week: string; kind: string; count: number }>;
}

export interface NpsResponse {
  nps: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  answers: number;
  dismissals: number;
  /** `period` is the quarter, `2026-Q4`. */
  trend: Array<{ period: string; nps: number | null; answers: number }>;
  teams: Array<{ teamRef: string; nps: number | null; answers: number }>;
}

export interface NpsCommentsResponse {
  comments: Array<{
    score: number;
    comment: string;
    createdAt: string;
    teamRef: string | null;
  }>;
}

export interface SummaryResponse {
  yesterdayDau: number;
  dauTrend: Array<{ day: string; active: number }>;
  quarterNps: number | null;
  previousQuarterNps: number | null;
  npsAnswers: number;
}

export interface NpsSurveyResponse {
  show: boolean;
  /** `eligible`, `disabled`, `not-enough-activity`, `answered` or `dismissed`. */
  reason: string;
}

export interface NpsAnswerRequest {
  score: number;
  comment?: string;
}

export interface NpsAnswer {
  id: string;
  score: number;
  comment: string | null;
  createdAt: string;
}

export interface InsightsQuery {
  /** ISO date (YYYY-MM-DD) or date-time; default 30 days before `to`. */
  from?: string;
  /** ISO date or date-time; default today. */
  to?: string;
}
