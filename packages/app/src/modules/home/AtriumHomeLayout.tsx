import { useCallback, useEffect, useState } from 'react';
import { Content, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { HomePageWidgetData } from '@backstage/plugin-home-react/alpha';
import { HomeOverviewBlock } from '@atrium/plugin-graphql';
import {
  arrangeWidgets,
  type EffectiveHomeLayout,
} from '@atrium/plugin-home-common';
import { homeLayoutApiRef } from './api';
import { HomeLayoutEditor, type SaveTarget } from './HomeLayoutEditor';

/** Widgets that span the full width; everything else takes half of it on wide screens. */
const FULL_WIDTH = new Set(['AtriumWelcome', 'AtriumSystems']);

/** A widget's key in a layout: its name, or its extension id when it has none. */
function widgetKey(widget: HomePageWidgetData): string {
  return widget.name ?? widget.node.spec.id;
}

function describeSource(effective: EffectiveHomeLayout): string {
  const layout = effective.layout;
  if (!layout) return "Atrium's default layout";
  if (layout.scope === 'user') return 'Your layout';
  if (layout.scope === 'global') return "Everyone's default layout";
  const team = effective.editableGroups.find(g => g.ref === layout.subject);
  return `${team?.title ?? layout.subject}'s default layout`;
}

type LayoutState =
  | { status: 'loading' }
  | { status: 'ready'; effective: EffectiveHomeLayout }
  | { status: 'failed'; error: Error };

/**
 * Home's layout: the personal overview read through the GraphQL gateway (who I am, my teams, my services), then
 * the widgets the user's layout lists, in its order (saved server-side: the user's own, else their team's
 * default, else everyone's default, else the app config's order). "Arrange" edits it.
 */
export function AtriumHomeLayout(props: {
  widgets: Array<HomePageWidgetData>;
}) {
  const api = useApi(homeLayoutApiRef);
  const [state, setState] = useState<LayoutState>({ status: 'loading' });
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<Error>();

  const load = useCallback(
    () =>
      api.getEffectiveLayout().then(
        effective => setState({ status: 'ready', effective }),
        error => setState({ status: 'failed', error }),
      ),
    [api],
  );
  useEffect(() => {
    load();
  }, [load]);

  const keyed = props.widgets.map(w => ({ name: widgetKey(w), widget: w }));
  const effective = state.status === 'ready' ? state.effective : undefined;
  // Until the layout is known the widgets wait, rather than show in one order and jump to another.
  const shown =
    state.status === 'loading' ? [] : arrangeWidgets(keyed, effective?.layout);

  /** A change to a stored layout: then Home shows what now applies, or says why it was not saved. */
  const change = async (write: () => Promise<unknown>) => {
    setBusy(true);
    setSaveError(undefined);
    try {
      await write();
      await load();
      setEditing(false);
    } catch (error) {
      setSaveError(error as Error);
    } finally {
      setBusy(false);
    }
  };

  const save = (widgets: string[], target: SaveTarget) =>
    change(() => {
      if (target.scope === 'user') return api.saveMyLayout({ widgets });
      if (target.scope === 'group')
        return api.saveGroupLayout(target.ref, { widgets });
      return api.saveGlobalLayout({ widgets });
    });

  const resetMine = () => change(() => api.resetMyLayout());

  return (
    <Page themeId="home">
      <Header
        title="Home"
        subtitle="Every service, who owns it, and how to run it"
      />
      <Content>
        {/* Server-rendered for signed-in browsers (plugins/app-backend-module-ssr), from the same query. */}
        <HomeOverviewBlock />
        <Box
          display="flex"
          alignItems="center"
          justifyContent="flex-end"
          mb={1}
        >
          {effective && (
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="home-layout-source"
            >
              {describeSource(effective)}
            </Typography>
          )}
          {!editing && state.status !== 'loading' && (
            <Box ml={2}>
              <Button size="small" onClick={() => setEditing(true)}>
                Arrange
              </Button>
            </Box>
          )}
        </Box>
        {state.status === 'failed' && (
          <Alert severity="warning">
            Your saved Home layout could not be read ({state.error.message});
            showing the default.
          </Alert>
        )}
        {saveError && (
          <Alert severity="error">
            The layout was not saved: {saveError.message}
          </Alert>
        )}
        {editing && (
          <HomeLayoutEditor
            available={keyed.map(k => ({
              key: k.name,
              title: k.widget.title ?? k.name,
            }))}
            shown={shown.map(s => s.name)}
            effective={effective}
            busy={busy}
            onSave={save}
            onResetMine={resetMine}
            onCancel={() => setEditing(false)}
          />
        )}
        <Grid container spacing={3}>
          {shown.map(({ name, widget }) => (
            <Grid
              item
              xs={12}
              md={FULL_WIDTH.has(name) ? 12 : 6}
              key={name}
              data-widget={name}
            >
              {widget.component}
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
