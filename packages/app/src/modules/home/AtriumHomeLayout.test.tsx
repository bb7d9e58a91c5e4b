import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ApolloProvider } from '@apollo/client/react';
import type { HomePageWidgetData } from '@backstage/plugin-home-react/alpha';
import { getAtriumApollo } from '@atrium/plugin-graphql';
import type {
  EffectiveHomeLayout,
  HomeLayout,
  HomeLayoutApi,
  StoredHomeLayout,
} from '@atrium/plugin-home-common';
import { homeLayoutApiRef } from './api';
import { AtriumHomeLayout } from './AtriumHomeLayout';

const widget = (name: string): HomePageWidgetData =>
  ({
    node: { spec: { id: `home-page-widget:test/${name}` } },
    name,
    title: `Widget ${name}`,
    component: <div data-testid={`w-${name}`}>content {name}</div>,
  } as unknown as HomePageWidgetData);

const WIDGETS = [widget('A'), widget('B'), widget('C')];

/** The home backend, in memory: what the app saves is what it reads next. */
class InMemoryLayouts implements HomeLayoutApi {
  saved: Array<{ scope: string; widgets: string[] }> = [];
  failNext = false;
  constructor(public effective: EffectiveHomeLayout) {}
  private store(
    scope: 'user' | 'group' | 'global',
    subject: string,
    l: HomeLayout,
  ) {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('the backend said no'));
    }
    const stored: StoredHomeLayout = {
      scope,
      subject,
      widgets: l.widgets,
      updatedBy: 'user:default/alice',
      updatedAt: new Date().toISOString(),
    };
    this.saved.push({ scope, widgets: l.widgets });
    if (scope === 'user' || !this.effective.layout) {
      this.effective = { ...this.effective, layout: stored };
    }
    return Promise.resolve(stored);
  }
  getEffectiveLayout = async () => this.effective;
  saveMyLayout = (l: HomeLayout) => this.store('user', 'user:default/alice', l);
  resetMyLayout = async () => {
    this.effective = { ...this.effective, layout: null };
  };
  getGroupLayout = async () => null;
  saveGroupLayout = (ref: string, l: HomeLayout) => this.store('group', ref, l);
  deleteGroupLayout = async () => {};
  getGlobalLayout = async () => null;
  saveGlobalLayout = (l: HomeLayout) => this.store('global', '', l);
  deleteGlobalLayout = async () => {};
  getChecklist = async () => ({ title: 'unused', items: [] });
  setChecklistItem = async () => ({ title: 'unused', items: [] });
}

async function renderHome(api: InMemoryLayouts) {
  await renderInTestApp(
    <ApolloProvider client={getAtriumApollo()}>
      <AtriumHomeLayout widgets={WIDGETS} />
    </ApolloProvider>,
    { apis: [[homeLayoutApiRef, api]] },
  );
}

const shownOrder = () =>
  screen.queryAllByTestId(/^w-/).map(e => e.dataset.testid!.slice(2));

const TEAM = { ref: 'group:default/team-payments', title: 'Payments' };

describe('Home layout', () => {
  it("shows every widget in the app's order when nothing is saved", async () => {
    await renderHome(
      new InMemoryLayouts({
        layout: null,
        editableGroups: [],
        canEditGlobal: false,
      }),
    );
    expect(
      await screen.findByText("Atrium's default layout"),
    ).toBeInTheDocument();
    expect(shownOrder()).toEqual(['A', 'B', 'C']);
  });

  it('shows the widgets a saved layout lists, in its order, and names where it came from', async () => {
    await renderHome(
      new InMemoryLayouts({
        layout: {
          scope: 'group',
          subject: TEAM.ref,
          widgets: ['C', 'gone-widget', 'A'],
          updatedBy: 'user:default/nadia',
          updatedAt: '2026-11-28T00:00:00Z',
        },
        editableGroups: [TEAM],
        canEditGlobal: false,
      }),
    );
    expect(
      await screen.findByText("Payments's default layout"),
    ).toBeInTheDocument();
    expect(shownOrder()).toEqual(['C', 'A']);
  });

  it('arranges Home: reorder, remove, add, and save for me or as the team default', async () => {
    const api = new InMemoryLayouts({
      layout: null,
      editableGroups: [TEAM],
      canEditGlobal: false,
    });
    await renderHome(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Arrange' }));
    const editor = screen.getByTestId('home-layout-editor');
    expect(within(editor).queryByText("Save as everyone's default")).toBeNull();

    fireEvent.click(within(editor).getByLabelText('Move Widget C up'));
    fireEvent.click(within(editor).getByLabelText('Remove Widget A'));
    fireEvent.click(within(editor).getByLabelText('Remove Widget B'));
    // What was removed can be added back, at the end.
    fireEvent.mouseDown(
      within(editor).getByRole('button', { name: /Add a widget/ }),
    );
    fireEvent.click(await screen.findByRole('option', { name: 'Widget A' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Add' }));
    fireEvent.click(within(editor).getByText('Save for me'));
    await waitFor(() => expect(shownOrder()).toEqual(['C', 'A']));
    expect(api.saved).toEqual([{ scope: 'user', widgets: ['C', 'A'] }]);
    expect(screen.getByText('Your layout')).toBeInTheDocument();

    // A failed save says so and keeps the editor open with the arrangement.
    fireEvent.click(screen.getByRole('button', { name: 'Arrange' }));
    api.failNext = true;
    fireEvent.click(screen.getByText("Save as Payments's default"));
    expect(await screen.findByText(/the backend said no/)).toBeInTheDocument();
    expect(screen.getByTestId('home-layout-editor')).toBeInTheDocument();
    fireEvent.click(screen.getByText("Save as Payments's default"));
    await waitFor(() =>
      expect(api.saved[1]).toEqual({ scope: 'group', widgets: ['C', 'A'] }),
    );
    // Many steps through MUI dialogs: 5 s (Jest's default) is too little on a loaded 2-core machine.
  }, 30_000);
});
