import {
  ApiBlueprint,
  AppRootElementBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { AnalyticsImplementationBlueprint } from '@backstage/plugin-app-react';
import InsightsIcon from '@material-ui/icons/Timeline';
import { adoptionReadPermission } from '@atrium/plugin-adoption-common';
import { AdoptionFrontendClient, adoptionApiRef } from './api';
import { AdoptionAnalytics } from './analytics/AdoptionAnalytics';
import { NpsSurvey } from './components/NpsSurvey';
import {
  INSIGHTS_PATH,
  insightsRouteRef,
  MY_ANSWERS_PATH,
  myAnswersRouteRef,
} from './paths';

/**
 * The extension predicate for readers of adoption insights: the app asks the permission backend once after
 * sign-in (`atrium.adoption.read`, action read) and leaves the page, its nav item and the Home widget out for
 * everyone else.
 */
export const ADOPTION_READERS = {
  permissions: { $contains: `${adoptionReadPermission.name}#read` },
};

/** `api:adoption`: the adoption backend's client. */
export const adoptionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: adoptionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AdoptionFrontendClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `analytics:adoption`: Atrium's analytics implementation. The app's analytics API (`api:app/analytics`) sends
 * every event to each implementation attached to it, so installing the plugin is enough.
 */
export const adoptionAnalytics = AnalyticsImplementationBlueprint.make({
  params: define =>
    define({
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        AdoptionAnalytics.fromBrowser({ discoveryApi, fetchApi }),
    }),
});

/** `page:adoption`: the Insights page, with its nav item; for readers only. */
export const insightsPage = PageBlueprint.make({
  if: ADOPTION_READERS,
  params: {
    path: INSIGHTS_PATH,
    title: 'Adoption insights',
    icon: <InsightsIcon />,
    routeRef: insightsRouteRef,
    loader: () =>
      import('./components/InsightsPage').then(m => <m.InsightsPage />),
  },
});

/** `page:adoption/mine`: the user's own survey answers (no nav item; linked from the survey and Insights). */
export const myAnswersPage = PageBlueprint.make({
  name: 'mine',
  params: {
    path: MY_ANSWERS_PATH,
    title: 'My survey answers',
    routeRef: myAnswersRouteRef,
    loader: () =>
      import('./components/MyAnswersPage').then(m => <m.MyAnswersPage />),
  },
});

/** `app-root-element:adoption/nps-survey`: the NPS survey card, asked for once a session after sign-in. */
export const npsSurvey = AppRootElementBlueprint.make({
  name: 'nps-survey',
  params: { element: <NpsSurvey /> },
});

/** Atrium adoption analytics and NPS. */
export default createFrontendPlugin({
  pluginId: 'adoption',
  extensions: [
    adoptionApi,
    adoptionAnalytics,
    insightsPage,
    myAnswersPage,
    npsSurvey,
  ],
});
