import { createRouteRef } from '@backstage/frontend-plugin-api';

/** Where the Insights page is. */
export const INSIGHTS_PATH = '/adoption-insights';
/** Where a user sees and deletes their own survey answers. */
export const MY_ANSWERS_PATH = '/adoption-insights/mine';

export const insightsRouteRef = createRouteRef();
export const myAnswersRouteRef = createRouteRef();
