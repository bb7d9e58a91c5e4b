/**
 * Atrium adoption analytics and NPS, frontend: the analytics implementation that sends usage events to the
 * adoption backend, the Insights page (`/adoption-insights`), the NPS survey card and the user's own answers.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export {
  ADOPTION_READERS,
  adoptionAnalytics,
  adoptionApi,
  insightsPage,
  myAnswersPage,
  npsSurvey,
} from './plugin';
export {
  adoptionApiRef,
  AdoptionFrontendClient,
  type AdoptionApi,
  type CsvEndpoint,
} from './api';
export {
  AdoptionAnalytics,
  type AdoptionAnalyticsOptions,
} from './analytics/AdoptionAnalytics';
export { toAdoptionEvent } from './analytics/toAdoptionEvent';
export { INSIGHTS_PATH, MY_ANSWERS_PATH } from './paths';
export { formatNps } from './lib/range';
export { Sparkline } from './components/Sparkline';
