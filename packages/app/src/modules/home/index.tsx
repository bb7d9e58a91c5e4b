import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';

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
    title: 'Systems',
    components: () =>
      import('./widgets/SystemsWidget').then(m => ({
        Content: m.SystemsWidget,
      })),
  },
});

/** Atrium's Home: its layout and its own widgets, next to those the home plugin ships. */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [layout, welcome, catalogOverview, systems],
});
