import {
  ApiBlueprint,
  createFrontendModule,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { HomeLayoutClient } from '@atrium/plugin-home-common';
import { homeLayoutApiRef } from './api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { ADOPTION_READERS } from '@atrium/plugin-adoption';

/** `api:home/layout`: the home backend's client (layouts per user, team and everyone). */
const layoutApi = ApiBlueprint.make({
  name: 'layout',
  params: defineParams =>
    defineParams({
      api: homeLayoutApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new HomeLayoutClient({ discoveryApi, fetchApi }),
    }),
});

const layout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./AtriumHomeLayout').then(m => m.AtriumHomeLayout),
  },
});

const welcome = HomePageWidgetBlueprint.make({
  name: 'welcome',
  params: {
    name: 'AtriumWelcome',
    title: 'Welcome to Atrium',
    components: () =>
      import('./widgets/WelcomeWidget').then(m => ({
        Content: m.WelcomeWidget,
      })),
  },
});

const catalogOverview = HomePageWidgetBlueprint.make({
  name: 'catalog-overview',
  params: {
    name: 'AtriumCatalogOverview',
    title: 'The catalog at a glance',
    components: () =>
      import('./widgets/CatalogOverviewWidget').then(m => ({
        Content: m.CatalogOverviewWidget,
      })),
  },
});

const systems = HomePageWidgetBlueprint.make({
  name: 'systems',
  params: {
    name: 'AtriumSystems',
    title: 'My systems',
    components: () =>
      import('./widgets/SystemsWidget').then(m => ({
        Content: m.SystemsWidget,
      })),
  },
});

const firstWeek = HomePageWidgetBlueprint.make({
  name: 'first-week',
  params: {
    name: 'AtriumFirstWeek',
    title: 'Your first week',
    components: () =>
      import('./widgets/FirstWeekWidget').then(m => ({
        Content: m.FirstWeekWidget,
      })),
  },
});

const recentDeploys = HomePageWidgetBlueprint.make({
  name: 'recent-deploys',
  params: {
    name: 'AtriumRecentDeploys',
    title: 'Recent deploys of my services',
    components: () =>
      import('./widgets/RecentDeploysWidget').then(m => ({
        Content: m.RecentDeploysWidget,
      })),
  },
});

const openAlerts = HomePageWidgetBlueprint.make({
  name: 'open-alerts',
  params: {
    name: 'AtriumOpenAlerts',
    title: 'My open alerts',
    components: () =>
      import('./widgets/OpenAlertsWidget').then(m => ({
        Content: m.OpenAlertsWidget,
      })),
  },
});

const reviews = HomePageWidgetBlueprint.make({
  name: 'reviews',
  params: {
    name: 'AtriumReviews',
    title: 'Pull requests',
    components: () =>
      import('./widgets/ReviewsWidget').then(m => ({
        Content: m.ReviewsWidget,
      })),
  },
});

/** Compute actions that need a second person: those the user may decide, and their own pending requests. */
const awaitingApproval = HomePageWidgetBlueprint.make({
  name: 'awaiting-approval',
  params: {
    name: 'AtriumAwaitingApproval',
    title: 'Awaiting my approval',
    components: () =>
      import('./widgets/AwaitingApprovalWidget').then(m => ({
        Content: m.AwaitingApprovalWidget,
      })),
  },
});

/** For platform admins (readers of adoption insights): left out for everyone else. */
const adoption = HomePageWidgetBlueprint.make({
  name: 'adoption',
  if: ADOPTION_READERS,
  params: {
    name: 'AtriumAdoption',
    title: 'Atrium adoption',
    components: () =>
      import('./widgets/AdoptionWidget').then(m => ({
        Content: m.AdoptionWidget,
      })),
  },
});

/**
 * Atrium's Home: its layout (arranged per user, with team and global defaults from the home backend) and its own
 * widgets, next to those the home plugin ships. Any plugin adds a widget with `HomePageWidgetBlueprint`.
 */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    layoutApi,
    layout,
    welcome,
    catalogOverview,
    systems,
    firstWeek,
    recentDeploys,
    openAlerts,
    reviews,
    awaitingApproval,
    adoption,
  ],
});
