import { Content, Header, Page } from '@backstage/core-components';
import { Grid } from '@material-ui/core';
import type { HomePageWidgetData } from '@backstage/plugin-home-react/alpha';
import { HomeOverviewBlock } from '@atrium/plugin-graphql';

/** Widgets that span the full width; everything else takes half of it on wide screens. */
const FULL_WIDTH = new Set(['AtriumWelcome', 'AtriumSystems']);

/**
 * Home's layout: the personal overview read through the GraphQL gateway (who I am, my teams, my services),
 * then the widgets in the order the app config lists them, in a responsive grid.
 * Per-user layouts come with the personal Home work.
 */
export function AtriumHomeLayout(props: {
  widgets: Array<HomePageWidgetData>;
}) {
  return (
    <Page themeId="home">
      <Header
        title="Home"
        subtitle="Every service, who owns it, and how to run it"
      />
      <Content>
        {/* Server-rendered for signed-in browsers (plugins/app-backend-module-ssr), from the same query. */}
        <HomeOverviewBlock />
        <Grid container spacing={3}>
          {props.widgets.map((widget, index) => {
            const wide = widget.name && FULL_WIDTH.has(widget.name);
            return (
              <Grid
                item
                xs={12}
                md={wide ? 12 : 6}
                key={widget.name ?? index}
                data-widget={widget.name}
              >
                {widget.component}
              </Grid>
            );
          })}
        </Grid>
      </Content>
    </Page>
  );
}
